import type { ResolvedConfig, YoungGenerationHold } from "@bedrock-gw/core";
import { allowYoungGenerationGrowth, keepYoungGenerationSmall } from "@bedrock-gw/core";

const MIB = 1024 * 1024;

/**
 * Holds V8's young generation at `young_generation_mb` (the bin held it at its starting size before anything
 * loaded), or lets V8 grow it again (`young_generation_growth: true`). Process-wide: for the CLI's own processes.
 *
 * @example
 * const hold = holdYoungGeneration(config); // later: hold?.stop()
 */
export function holdYoungGeneration(config: ResolvedConfig): YoungGenerationHold | undefined {
  if (config.general.youngGenerationGrowth) {
    allowYoungGenerationGrowth();
    return undefined;
  }
  return keepYoungGenerationSmall({ sizeBytes: config.general.youngGenerationMb * MIB });
}

import { getHeapSpaceStatistics } from "node:v8";

/**
 * V8's young generation committed now (its `new_space`, both semi-spaces), in bytes.
 *
 * @example
 * readYoungGenerationSize(); // 8388608
 */
export function readYoungGenerationSize(): number {
  return getHeapSpaceStatistics().find((space) => space.space_name === "new_space")?.space_size ?? 0;
}

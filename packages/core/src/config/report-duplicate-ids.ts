import type { IssueCollector } from "./config-error.js";
import { isPlainObject } from "./env-references.js";

/**
 * Reports deployment ids used twice: an explicit `model_info.id`, or the generated `{model_name}-{index}`. Works on
 * the raw entries, so a clash is reported even when an entry has other problems.
 *
 * @example
 * reportDuplicateIds(rawModelList, issues)
 * // model_list[2].model_info.id: deployment id "claude-a" is already used by model_list[0]; set a unique model_info.id
 */
export function reportDuplicateIds(rawList: readonly unknown[], issues: IssueCollector): void {
  const firstById = new Map<string, number>();
  for (const [index, raw] of rawList.entries()) {
    const entry = readDeploymentId(raw, index);
    if (entry === undefined) continue;
    const first = firstById.get(entry.id);
    if (first === undefined) {
      firstById.set(entry.id, index);
      continue;
    }
    const path = entry.explicit ? `model_list[${index}].model_info.id` : `model_list[${index}]`;
    const what = entry.explicit ? "deployment id" : "generated deployment id";
    issues.add(path, `${what} ${JSON.stringify(entry.id)} is already used by model_list[${first}]; set a unique model_info.id`);
  }
}

function readDeploymentId(raw: unknown, index: number): { id: string; explicit: boolean } | undefined {
  if (!isPlainObject(raw)) return undefined;
  const info = raw.model_info;
  const id = isPlainObject(info) ? info.id : undefined;
  if (typeof id === "string" && id.trim() !== "") return { id, explicit: true };
  if (typeof id === "number") return { id: String(id), explicit: true };
  return typeof raw.model_name === "string" ? { id: `${raw.model_name}-${index}`, explicit: false } : undefined;
}

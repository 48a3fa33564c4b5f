import type { IssueCollector } from "./config-error.js";
import { formatConfigPath } from "./config-error.js";
import type { RouterSettingsInput } from "./settings-schema.js";
import type { ResolvedRouterSettings, RoutingStrategy } from "./types.js";

/** LiteLLM's router defaults: simple-shuffle, 2 retries, 5 s cooldown after more than 3 fails. */
export const DEFAULT_ROUTER_SETTINGS = {
  routingStrategy: "simple-shuffle",
  numRetries: 2,
  cooldownTime: 5,
  allowedFails: 3,
} as const satisfies Partial<ResolvedRouterSettings>;

const STRATEGY_ALIASES: Record<NonNullable<RouterSettingsInput["routing_strategy"]>, RoutingStrategy> = {
  "simple-shuffle": "simple-shuffle",
  "least-busy": "least-busy",
  "latency-based-routing": "latency-based-routing",
  "usage-based-routing": "usage-based-routing",
  "usage-based-routing-v2": "usage-based-routing",
};

/**
 * Resolves `router_settings`. Fallbacks must name model groups of `model_list` and must not form a cycle. Redis is
 * used only when the config names it (`redis_url`, or LiteLLM's `redis_host`/`redis_port`/`redis_password`),
 * never implicitly from a `REDIS_URL` that happens to be in the environment: write `redis_url: os.environ/REDIS_URL`.
 *
 * @example
 * resolveRouterSettings({ fallbacks: [{ claude: ["nova"] }] }, new Set(["claude", "nova"]), issues).fallbacks.get("claude") // ["nova"]
 */
export function resolveRouterSettings(
  input: RouterSettingsInput | undefined,
  groups: ReadonlySet<string>,
  issues: IssueCollector,
): ResolvedRouterSettings {
  const settings = input ?? {};
  const redisUrl = resolveRedisUrl(settings, issues);
  return {
    routingStrategy: settings.routing_strategy === undefined ? DEFAULT_ROUTER_SETTINGS.routingStrategy : STRATEGY_ALIASES[settings.routing_strategy],
    numRetries: settings.num_retries ?? DEFAULT_ROUTER_SETTINGS.numRetries,
    cooldownTime: settings.cooldown_time ?? DEFAULT_ROUTER_SETTINGS.cooldownTime,
    allowedFails: settings.allowed_fails ?? DEFAULT_ROUTER_SETTINGS.allowedFails,
    fallbacks: resolveFallbacks(settings.fallbacks ?? [], groups, issues),
    sessionAffinity: settings.session_affinity ?? false,
    ...(settings.health_check_interval !== undefined ? { healthCheckInterval: settings.health_check_interval } : {}),
    ...(redisUrl !== undefined ? { redisUrl } : {}),
  };
}

function resolveRedisUrl(settings: RouterSettingsInput, issues: IssueCollector): string | undefined {
  if (settings.redis_url !== undefined) return settings.redis_url;
  const host = settings.redis_host;
  if (host === undefined) {
    for (const key of ["redis_port", "redis_password"] as const) {
      if (settings[key] !== undefined) issues.add(`router_settings.${key}`, "needs redis_host (or use redis_url)");
    }
    return undefined;
  }
  const password = settings.redis_password;
  const auth = password === undefined ? "" : `:${encodeURIComponent(password)}@`;
  return `redis://${auth}${host}:${settings.redis_port ?? 6379}`;
}

function resolveFallbacks(
  entries: ReadonlyArray<Record<string, string[]>>,
  groups: ReadonlySet<string>,
  issues: IssueCollector,
): Map<string, string[]> {
  const fallbacks = new Map<string, string[]>();
  for (const [index, entry] of entries.entries()) {
    for (const [group, targets] of Object.entries(entry)) {
      const path = ["router_settings", "fallbacks", index, group];
      if (!groups.has(group)) issues.add(formatConfigPath(path), `${JSON.stringify(group)} is not a model_name in model_list`);
      else if (fallbacks.has(group)) issues.add(formatConfigPath(path), `fallbacks for ${JSON.stringify(group)} are already set in an earlier entry`);
      for (const [position, target] of targets.entries()) {
        if (!groups.has(target)) {
          issues.add(formatConfigPath([...path, position]), `${JSON.stringify(target)} is not a model_name in model_list`);
        }
      }
      if (!fallbacks.has(group)) fallbacks.set(group, targets);
    }
  }
  for (const cycle of findCycles(fallbacks)) {
    issues.add("router_settings.fallbacks", `fallback cycle ${cycle.join(" → ")}: a group must not fall back to itself`);
  }
  return fallbacks;
}

/** Each cycle once, as the path from its first group back to it (`a → b → a`). */
function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const cycles: string[][] = [];
  const done = new Set<string>();
  const visit = (node: string, stack: string[]): void => {
    const seenAt = stack.indexOf(node);
    if (seenAt >= 0) {
      cycles.push([...stack.slice(seenAt), node]);
      return;
    }
    if (done.has(node)) return;
    stack.push(node);
    for (const next of graph.get(node) ?? []) visit(next, stack);
    stack.pop();
    done.add(node);
  };
  for (const node of graph.keys()) visit(node, []);
  return cycles;
}

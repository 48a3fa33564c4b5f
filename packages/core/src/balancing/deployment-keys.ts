import { rememberBounded } from "../internal/remember-bounded.js";

/** The per-deployment records kept in shared state. */
export type DeploymentRecord = "fails" | "cooldown" | "inflight" | "latency" | "rpm" | "tpm";

/** The 60 s window of the failure count and of rpm/tpm usage. */
export const DEPLOYMENT_WINDOW_MS = 60_000;

/**
 * The shared-state key of one record of one deployment, namespaced `dep:{id}:{record}`. The id is
 * percent-encoded, so an id containing `:` cannot collide with another deployment's key.
 *
 * @example
 * formatDeploymentKey("claude-usw2", "cooldown") // "dep:claude-usw2:cooldown"
 * formatDeploymentKey("a:b", "rpm")              // "dep:a%3Ab:rpm"
 */
export function formatDeploymentKey(id: string, record: DeploymentRecord): string {
  return `dep:${encodeURIComponent(id)}:${record}`;
}

/** Deployments whose keys a formatter remembers; past it, it starts over (ids come from the config, so this is rare). */
const MAX_REMEMBERED = 4096;

/**
 * {@link formatDeploymentKey} for one record, remembering each id's key: the hot path builds the same few keys on
 * every call, and each build percent-encodes the id again.
 *
 * @example
 * const rpmKey = createDeploymentKeyFormatter("rpm");
 * rpmKey("a:b") // "dep:a%3Ab:rpm"
 */
export function createDeploymentKeyFormatter(record: DeploymentRecord): (id: string) => string {
  const keys = new Map<string, string>();
  return (id) => {
    let key = keys.get(id);
    if (key === undefined) {
      key = formatDeploymentKey(id, record);
      rememberBounded(keys, id, key, MAX_REMEMBERED);
    }
    return key;
  };
}

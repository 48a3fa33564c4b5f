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

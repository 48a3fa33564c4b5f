const HIDDEN = "****";

/**
 * Hides a secret completely (secret access keys, session tokens, bearer tokens, passwords).
 *
 * @example
 * maskSecret("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY") // "****"
 */
export function maskSecret(_value: string): string {
  return HIDDEN;
}

/**
 * Shows only the ends of a long identifier-like secret (access key ids, master keys) so it can be recognised;
 * a short one (under 16 characters) is hidden completely, since its ends would give most of it away.
 *
 * @example
 * maskKeyId("AKIAIOSFODNN7EXAMPLE") // "AKIA…MPLE"
 * maskKeyId("sk-1234")              // "****"
 */
export function maskKeyId(value: string): string {
  if (value.length < 16) return HIDDEN;
  return `${value.slice(0, 4)}…${value.slice(-4)}`;
}

/**
 * Hides the password of a connection URL (`postgres://user:pass@host/db` → `postgres://user:****@host/db`); an
 * unparsable value is hidden completely.
 *
 * @example
 * maskUrlPassword("redis://:s3cret@cache:6379") // "redis://:****@cache:6379"
 */
export function maskUrlPassword(value: string): string {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(value)?.[0];
  if (scheme === undefined) return HIDDEN;
  const afterScheme = value.slice(scheme.length);
  // The last "@" ends the user info, so an unencoded "@" or "/" inside a password cannot leak part of it.
  const at = afterScheme.lastIndexOf("@");
  const userInfo = at < 0 ? undefined : afterScheme.slice(0, at);
  const separator = userInfo?.indexOf(":") ?? -1;
  // user-only info (`redis://token@host`) is often a token itself
  const shown = userInfo === undefined ? "" : separator < 0 ? `${HIDDEN}@` : `${userInfo.slice(0, separator)}:${HIDDEN}@`;
  const rest = at < 0 ? afterScheme : afterScheme.slice(at + 1);
  return `${scheme}${shown}${rest.replace(SECRET_QUERY_PARAM, `$1${HIDDEN}`)}`;
}

const SECRET_QUERY_PARAM = /([?&](?:password|pass|pwd|token|secret|sslpassword|auth)=)[^&#]*/gi;

import type { IncomingHttpHeaders } from "node:http";
import { SimulatedError } from "../errors/simulated-error.js";
import type { AuthMode, ServiceName, SimulatorCredentials } from "../types.js";
import type { CanonicalSigner } from "./canonical-signer.js";
import { parseAuthorization } from "./parse-authorization.js";
import type { SigV4Request } from "./verify-sigv4.js";
import { verifySigV4 } from "./verify-sigv4.js";

/** What authentication learned about a request, recorded whether or not it passed. */
export interface AuthFacts {
  auth: AuthMode;
  region?: string;
  accessKeyId?: string;
  signedHeaders?: string[];
  signatureValid?: boolean;
  payloadHashMatches?: boolean;
  apiKey?: string;
}

export type AuthOutcome = { facts: AuthFacts; error?: SimulatedError };

export interface AuthenticateDeps {
  signer: CanonicalSigner;
  credentials: readonly SimulatorCredentials[];
  apiKeys: readonly string[];
  region: string | undefined;
  now: number;
}

/** Services whose model lists `smithy.api#httpBearerAuth` (fact sheet §1, §7). */
const BEARER_SERVICES: ReadonlySet<ServiceName> = new Set(["bedrock-runtime"]);
const API_KEY_PREFIXES = ["ABSK", "bedrock-api-key-"];

function incompleteSignature(missing: string[], headers: IncomingHttpHeaders, authorization: string): SimulatedError {
  const requirements = missing.map((part) => `Authorization header requires '${part}' parameter.`);
  if (headers["x-amz-date"] === undefined && headers.date === undefined) {
    requirements.push("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  }
  return new SimulatedError("IncompleteSignatureException", `${requirements.join(" ")} Authorization=${authorization}`);
}

function checkApiKey(token: string, apiKeys: readonly string[]): SimulatedError | undefined {
  if (apiKeys.includes(token)) return undefined;
  const message = API_KEY_PREFIXES.some((prefix) => token.startsWith(prefix))
    ? "Authentication failed: Please make sure your API Key is valid."
    : "Invalid API Key format: Must start with pre-defined prefix";
  return new SimulatedError("AccessDeniedException", message, { messageKey: "Message", status: 403 });
}

/**
 * Authenticates a request the way the real endpoint does: SigV4 for both services, `Authorization: Bearer <api key>`
 * on bedrock-runtime only (agent-runtime does not parse bearer and answers as for a malformed SigV4 header), and
 * `MissingAuthenticationTokenException` when nothing is presented.
 *
 * @example
 * const { facts, error } = await authenticateRequest(request, "bedrock-runtime", deps);
 */
export async function authenticateRequest(request: SigV4Request, service: ServiceName, deps: AuthenticateDeps): Promise<AuthOutcome> {
  const header = request.headers.authorization;
  const parsed = parseAuthorization(header);
  switch (parsed.scheme) {
    case "none":
      return { facts: { auth: "none" }, error: new SimulatedError("MissingAuthenticationTokenException", "Missing Authentication Token") };
    case "other":
      return { facts: { auth: "none" }, error: incompleteSignature(["Credential", "Signature", "SignedHeaders"], request.headers, header ?? "") };
    case "sigv4-incomplete":
      return { facts: { auth: "sigv4", signatureValid: false }, error: incompleteSignature(parsed.missing, request.headers, header ?? "") };
    case "bearer": {
      const facts: AuthFacts = { auth: "bearer", apiKey: parsed.token };
      if (!BEARER_SERVICES.has(service)) {
        return { facts, error: incompleteSignature(["Credential", "Signature", "SignedHeaders"], request.headers, header ?? "") };
      }
      const error = checkApiKey(parsed.token, deps.apiKeys);
      return error ? { facts, error } : { facts };
    }
    case "sigv4": {
      const auth = parsed.value;
      const facts: AuthFacts = { auth: "sigv4", region: auth.region, accessKeyId: auth.accessKeyId, signedHeaders: auth.signedHeaders };
      try {
        const verification = await verifySigV4(request, auth, deps);
        return { facts: { ...facts, signatureValid: true, payloadHashMatches: verification.payloadHashMatches } };
      } catch (error) {
        if (!(error instanceof SimulatedError)) throw error;
        return { facts: { ...facts, signatureValid: false }, error };
      }
    }
  }
}

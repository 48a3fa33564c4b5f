import type { UpstreamTarget } from "../config/types.js";
import type { ServiceName } from "../routing/types.js";
import { createCredentialProvider } from "./credentials.js";
import { createBearerSigner, createSigV4Signer } from "./sign-request.js";
import type { RequestSigner } from "./sign-request.js";

export interface TargetSigners {
  signerFor(target: UpstreamTarget, service: ServiceName): RequestSigner;
}

/**
 * One signer per (target, service), built once: SigV4 for the target's region with its cached credential
 * provider, or Bearer with its Bedrock API key on bedrock-runtime (agent-runtime has no bearer scheme).
 */
export function createTargetSigners(targets: Iterable<UpstreamTarget>, clock: () => number): TargetSigners {
  const signers = new Map<UpstreamTarget, Record<ServiceName, RequestSigner>>();
  for (const target of targets) {
    if (signers.has(target)) continue;
    const credentials = createCredentialProvider(target.auth.credentials, { clock });
    const sigv4 = createSigV4Signer({ region: target.region, credentials, clock });
    signers.set(target, {
      "bedrock-runtime": target.auth.bearerToken ? createBearerSigner(target.auth.bearerToken) : sigv4,
      "bedrock-agent-runtime": sigv4,
    });
  }
  return {
    signerFor(target, service) {
      const forTarget = signers.get(target);
      if (!forTarget) throw new Error("no signer was built for this upstream target");
      return forTarget[service];
    },
  };
}

import { Hash } from "@smithy/core/serde";
import { SignatureV4 } from "@smithy/signature-v4";

export interface CanonicalRequestInput {
  method: string;
  /** the path exactly as received on the wire */
  rawPath: string;
  /** decoded query parameters; the canonical form re-encodes them */
  query: Record<string, string | string[]>;
  /** lower-case signed header name → canonical value */
  canonicalHeaders: Record<string, string>;
  payloadHash: string;
}

/**
 * `@smithy/signature-v4` with its canonical-request and string-to-sign steps made reachable, so the verifier
 * computes exactly what the SDK computes when signing and can quote both in AWS's mismatch message.
 */
export class CanonicalSigner extends SignatureV4 {
  constructor(service: string) {
    super({ service, region: "us-east-1", credentials: { accessKeyId: "", secretAccessKey: "" }, sha256: Hash.bind(null, "sha256") });
  }

  /** The canonical request text (non-S3 rules: the raw path is normalized and URI-encoded once more). */
  canonicalRequestOf(input: CanonicalRequestInput): string {
    const request = {
      method: input.method,
      protocol: "https:",
      hostname: "",
      path: input.rawPath,
      query: input.query,
      headers: {},
    };
    return this.createCanonicalRequest(request, input.canonicalHeaders, input.payloadHash);
  }

  stringToSignOf(amzDate: string, scope: string, canonicalRequest: string): Promise<string> {
    return this.createStringToSign(amzDate, scope, canonicalRequest, "AWS4-HMAC-SHA256");
  }
}

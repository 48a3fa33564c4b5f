import {
  fromIni,
  fromNodeProviderChain,
  fromTemporaryCredentials,
  fromTokenFile,
  fromWebToken,
} from "@aws-sdk/credential-providers";
import { memoize } from "@smithy/core/config";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";
import type { CredentialSource } from "../config/types.js";

/** Credentials are refreshed this long before they expire, so no call is signed with credentials about to lapse. */
const REFRESH_MARGIN_MS = 5 * 60_000;

export interface CredentialProviderOptions {
  clock?: () => number;
}

/**
 * Builds a credential provider for a configured source, cached until shortly before expiry. The cache is
 * single-flight: concurrent calls during a refresh share one request to STS/SSO/IMDS.
 *
 * @example
 * const provide = createCredentialProvider({ kind: "profile", profile: "dev" });
 * const { accessKeyId } = await provide();
 */
export function createCredentialProvider(
  source: CredentialSource,
  options: CredentialProviderOptions = {},
): AwsCredentialIdentityProvider {
  const clock = options.clock ?? Date.now;
  const raw = createRawProvider(source, clock);
  if (source.kind === "static") return raw;
  return memoize(
    raw,
    (identity: AwsCredentialIdentity) =>
      identity.expiration !== undefined && identity.expiration.getTime() - clock() < REFRESH_MARGIN_MS,
    (identity: AwsCredentialIdentity) => identity.expiration !== undefined,
  );
}

function createRawProvider(source: CredentialSource, clock: () => number): AwsCredentialIdentityProvider {
  switch (source.kind) {
    case "static": {
      const identity: AwsCredentialIdentity = {
        accessKeyId: source.accessKeyId,
        secretAccessKey: source.secretAccessKey,
        ...(source.sessionToken ? { sessionToken: source.sessionToken } : {}),
      };
      return async () => identity;
    }
    case "profile":
      return fromIni({ profile: source.profile });
    case "chain":
      return fromNodeProviderChain(source.profile ? { profile: source.profile } : {});
    case "assume-role":
      return fromTemporaryCredentials({
        masterCredentials: createRawProvider(source.source, clock),
        params: {
          RoleArn: source.roleArn,
          RoleSessionName: source.sessionName ?? `bedrock-gw-${clock()}`,
          ...(source.externalId ? { ExternalId: source.externalId } : {}),
        },
        clientConfig: stsClientConfig(source),
      });
    case "web-identity": {
      const sessionName = source.sessionName ?? `bedrock-gw-${clock()}`;
      const clientConfig = { clientConfig: stsClientConfig(source) };
      if (source.token !== undefined) {
        return fromWebToken({ roleArn: source.roleArn, webIdentityToken: source.token, roleSessionName: sessionName, ...clientConfig });
      }
      return fromTokenFile({
        roleArn: source.roleArn,
        roleSessionName: sessionName,
        ...(source.tokenFile ? { webIdentityTokenFile: source.tokenFile } : {}),
        ...clientConfig,
      });
    }
  }
}

function stsClientConfig(source: { stsRegion?: string; stsEndpoint?: string }): { region?: string; endpoint?: string } {
  return {
    ...(source.stsRegion ? { region: source.stsRegion } : {}),
    ...(source.stsEndpoint ? { endpoint: source.stsEndpoint } : {}),
  };
}

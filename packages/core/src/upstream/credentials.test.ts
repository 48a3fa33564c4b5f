import { createServer } from "node:http";
import type { Server } from "node:http";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCredentialProvider } from "./credentials.js";

const STATIC = { accessKeyId: "AKIDSTATIC", secretAccessKey: "static-secret" };

/** A local STS that answers AssumeRole with credentials valid for one hour from `now`, counting calls. */
function createFakeSts(now: () => number) {
  let calls = 0;
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      calls++;
      const params = new URLSearchParams(body);
      const expiration = new Date(now() + 3_600_000).toISOString();
      res.writeHead(200, { "content-type": "text/xml" });
      // a small delay, so concurrent callers overlap with the one request in flight
      setTimeout(
        () =>
          res.end(`<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult>
<Credentials><AccessKeyId>ASIAROLE${calls}</AccessKeyId><SecretAccessKey>role-secret</SecretAccessKey>
<SessionToken>token-${calls}</SessionToken><Expiration>${expiration}</Expiration></Credentials>
<AssumedRoleUser><AssumedRoleId>AROA:${params.get("RoleSessionName")}</AssumedRoleId>
<Arn>${params.get("RoleArn")}</Arn></AssumedRoleUser></AssumeRoleResult>
<ResponseMetadata><RequestId>00000000-0000-0000-0000-000000000000</RequestId></ResponseMetadata></AssumeRoleResponse>`),
        30,
      );
    });
  });
  return { server, calls: () => calls };
}

describe("createCredentialProvider", () => {
  it("static keys are returned as given", async () => {
    const provide = createCredentialProvider({ kind: "static", ...STATIC, sessionToken: "tok" });
    expect(await provide()).toEqual({ ...STATIC, sessionToken: "tok" });
  });

  it("a profile is read from the shared credentials file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "bgw-creds-"));
    const file = join(dir, "credentials");
    writeFileSync(file, "[dev]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = profile-secret\n");
    const previous = { credentials: process.env.AWS_SHARED_CREDENTIALS_FILE, config: process.env.AWS_CONFIG_FILE };
    process.env.AWS_SHARED_CREDENTIALS_FILE = file;
    process.env.AWS_CONFIG_FILE = join(dir, "missing-config");
    try {
      const identity = await createCredentialProvider({ kind: "profile", profile: "dev" })();
      expect(identity).toMatchObject({ accessKeyId: "AKIDPROFILE", secretAccessKey: "profile-secret" });
    } finally {
      for (const [name, value] of [["AWS_SHARED_CREDENTIALS_FILE", previous.credentials], ["AWS_CONFIG_FILE", previous.config]] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });

  describe("assume role through STS", () => {
    let now = Date.parse("2026-11-21T12:00:00Z");
    const sts = createFakeSts(() => now);
    let endpoint = "";
    beforeAll(async () => {
      await new Promise<void>((resolve) => sts.server.listen(0, "127.0.0.1", resolve));
      endpoint = `http://127.0.0.1:${(sts.server.address() as { port: number }).port}`;
    });
    afterAll(() => new Promise<void>((resolve) => sts.server.close(() => resolve())));

    it("is cached until shortly before expiry, with one STS call for concurrent callers", async () => {
      const provide = createCredentialProvider(
        {
          kind: "assume-role",
          roleArn: "arn:aws:iam::123456789012:role/gateway",
          sessionName: "test",
          stsRegion: "us-east-1",
          stsEndpoint: endpoint,
          source: { kind: "static", ...STATIC },
        },
        { clock: () => now },
      );
      const first = await Promise.all(Array.from({ length: 10 }, () => provide()));
      expect(sts.calls()).toBe(1);
      expect(new Set(first.map((c) => c.accessKeyId))).toEqual(new Set(["ASIAROLE1"]));
      expect(first[0]!.sessionToken).toBe("token-1");

      now += 30 * 60_000; // half way: still cached
      expect((await provide()).accessKeyId).toBe("ASIAROLE1");
      expect(sts.calls()).toBe(1);

      now += 27 * 60_000; // 3 minutes before expiry: refreshed, once
      const refreshed = await Promise.all(Array.from({ length: 5 }, () => provide()));
      expect(sts.calls()).toBe(2);
      expect(new Set(refreshed.map((c) => c.accessKeyId))).toEqual(new Set(["ASIAROLE2"]));
    });
  });
});

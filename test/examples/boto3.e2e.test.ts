import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { MASTER_KEY } from "../support/fixtures.js";
import { useSimulateGateway } from "../support/simulate-gateway.js";
import { fetchSpendLogs } from "../support/spend.js";
import { EXAMPLES_DIR, runCommand } from "./run-example.js";

// boto3 needs Python with boto3 >= 1.39 (Bedrock API keys); where it is missing the suite is skipped, by name.
const probe = spawnSync("python3", ["-c", "import botocore; v = tuple(int(p) for p in botocore.__version__.split('.')[:2]); assert v >= (1, 39)"]);
const hasBoto3 = probe.status === 0;

describe.skipIf(!hasBoto3)(`examples/boto3 against \`serve --simulate\`${hasBoto3 ? "" : " (skipped: python3 with boto3 >= 1.39 is not installed)"}`, () => {
  const getGateway = useSimulateGateway();

  it("converse.py: converse, converse_stream (Bearer key) and an agent-runtime retrieve (key header)", async () => {
    const run = await runCommand("python3", [`${EXAMPLES_DIR}boto3/converse.py`], { BEDROCK_GW_URL: getGateway().url, BEDROCK_GW_API_KEY: MASTER_KEY });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/converse: This is a simulated answer to "What is boto3\?"/);
    expect(run.stdout).toMatch(/gateway request id: [0-9a-f-]{36} cost: [\d.]+/);
    expect(run.stdout).toMatch(/converse_stream: This is a simulated answer to "Stream it"/);
    expect(run.stdout).toMatch(/retrieve: 5 passages/);
    await expect.poll(async () => (await fetchSpendLogs(getGateway().url, "end_user=boto3-example")).rows.length).toBeGreaterThanOrEqual(2);
  });

  it("converse.py with a wrong key fails with the gateway's UnrecognizedClientException", async () => {
    const run = await runCommand("python3", [`${EXAMPLES_DIR}boto3/converse.py`], { BEDROCK_GW_URL: getGateway().url, BEDROCK_GW_API_KEY: "sk-wrong" });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/UnrecognizedClientException/);
  });
});

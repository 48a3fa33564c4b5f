import { describe, expect, it } from "vitest";
import { makeDeployment } from "../balancing/fixtures/deployments.js";
import type { ForwardInput } from "../gateway/forward-call.js";
import type { UpstreamResponse } from "../upstream/upstream-client.js";
import { createCountTokensProbe } from "./create-count-tokens-probe.js";

describe("createCountTokensProbe", () => {
  it("forwards a small CountTokens call to the deployment's own model, endpoint and region", async () => {
    const inputs: ForwardInput[] = [];
    const response = { status: 200 } as UpstreamResponse;
    const probe = createCountTokensProbe(
      async (input) => {
        inputs.push(input);
        return response;
      },
      { timeoutMs: 5000 },
    );
    const deployment = makeDeployment("claude-usw2", { region: "us-west-2", modelId: "us.anthropic.claude-sonnet-4-20250514-v1:0" });
    const signal = new AbortController().signal;
    expect(await probe(deployment, signal)).toBe(response);
    const [input] = inputs;
    expect(input).toMatchObject({ method: "POST", rawQuery: "", signal, timeoutMs: 5000 });
    expect(input!.plan).toEqual({
      service: "bedrock-runtime",
      operation: "CountTokens",
      target: deployment,
      path: "/model/us.anthropic.claude-sonnet-4-20250514-v1%3A0/count-tokens",
      modelGroup: "claude",
      deployment,
      modelId: "us.anthropic.claude-sonnet-4-20250514-v1:0",
    });
    expect(input!.clientHeaders.get("content-type")).toBe("application/json");
    const body = JSON.parse(new TextDecoder().decode(input!.body!));
    expect(body).toEqual({ input: { converse: { messages: [{ role: "user", content: [{ text: "ping" }] }] } } });
  });
});

import { describe, expect, it } from "vitest";
import { createRouteMatcher } from "./match-route.js";

const match = createRouteMatcher();

describe("createRouteMatcher", () => {
  it.each([
    ["POST", "/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse", "Converse", "bedrock-runtime"],
    ["POST", "/model/m/converse-stream", "ConverseStream", "bedrock-runtime"],
    ["POST", "/model/m/invoke", "InvokeModel", "bedrock-runtime"],
    ["POST", "/model/m/invoke-with-response-stream", "InvokeModelWithResponseStream", "bedrock-runtime"],
    ["POST", "/model/m/count-tokens", "CountTokens", "bedrock-runtime"],
    ["POST", "/guardrail/abc123/version/DRAFT/apply", "ApplyGuardrail", "bedrock-runtime"],
    ["POST", "/guardrail-checks/invoke", "InvokeGuardrailChecks", "bedrock-runtime"],
    ["POST", "/async-invoke", "StartAsyncInvoke", "bedrock-runtime"],
    ["GET", "/async-invoke", "ListAsyncInvokes", "bedrock-runtime"],
    ["GET", "/async-invoke/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Aasync-invoke%2Fabcdefghijkl", "GetAsyncInvoke", "bedrock-runtime"],
    ["POST", "/agents/A1/agentAliases/B2/sessions/s-1/text", "InvokeAgent", "bedrock-agent-runtime"],
    ["POST", "/knowledgebases/KB1/retrieve", "Retrieve", "bedrock-agent-runtime"],
    ["POST", "/retrieveAndGenerate", "RetrieveAndGenerate", "bedrock-agent-runtime"],
    ["POST", "/retrieveAndGenerateStream", "RetrieveAndGenerateStream", "bedrock-agent-runtime"],
    ["POST", "/rerank", "Rerank", "bedrock-agent-runtime"],
  ])("%s %s → %s", (method, path, operation, service) => {
    const found = match(method, path);
    expect(found?.route.operation).toBe(operation);
    expect(found?.route.service).toBe(service);
  });

  it("decodes labels for lookups, including %2F inside one segment", () => {
    expect(match("POST", "/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse")?.labels.modelId).toBe("anthropic.claude-3-haiku-20240307-v1:0");
    const arn = "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123";
    expect(match("POST", `/model/${encodeURIComponent(arn)}/invoke`)?.labels.modelId).toBe(arn);
    expect(match("GET", "/async-invoke/arn%3Aaws%3Abedrock%3Aus-east-1%3A1%3Aasync-invoke%2Fx")?.labels.invocationArn).toBe(
      "arn:aws:bedrock:us-east-1:1:async-invoke/x",
    );
  });

  it("never lets a label span segments and rejects unknown paths, methods and empty labels", () => {
    expect(match("POST", "/model/arn:aws:bedrock:us-east-1:1:application-inference-profile/abc/invoke")).toBeUndefined();
    expect(match("GET", "/model/m/converse")).toBeUndefined();
    expect(match("POST", "/model//converse")).toBeUndefined();
    expect(match("POST", "/model/m/converse/")).toBeUndefined();
    expect(match("POST", "/nope")).toBeUndefined();
    expect(match("POST", "/model/%E0%A4%A/converse")).toBeUndefined();
  });
});

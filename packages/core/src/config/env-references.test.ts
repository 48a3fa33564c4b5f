import { describe, expect, it } from "vitest";
import { shouldResolveEnvReference } from "./env-reference-scope.js";
import { resolveEnvReferences } from "./env-references.js";

describe("resolveEnvReferences", () => {
  it("replaces references anywhere in the tree and leaves other strings alone", () => {
    const tree = { a: "os.environ/A", list: ["os.environ/B", "plain"], nested: { c: "prefix os.environ/A", n: 3 } };
    expect(resolveEnvReferences(tree, { A: "1", B: "two" })).toEqual({
      value: { a: "1", list: ["two", "plain"], nested: { c: "prefix os.environ/A", n: 3 } },
      problems: [],
    });
  });

  it("reports a missing variable at its path and leaves the value out", () => {
    const result = resolveEnvReferences({ model_list: [{ litellm_params: { aws_secret_access_key: "os.environ/AWS_SECRET_ACCESS_KEY", x: "1" } }] }, {});
    expect(result.value).toEqual({ model_list: [{ litellm_params: { x: "1" } }] });
    expect(result.problems).toEqual([
      {
        path: ["model_list", 0, "litellm_params", "aws_secret_access_key"],
        name: "AWS_SECRET_ACCESS_KEY",
        message: "environment variable AWS_SECRET_ACCESS_KEY is not set",
      },
    ]);
  });

  it("keeps an empty variable as an empty string (the schema treats it as unset)", () => {
    expect(resolveEnvReferences({ t: "os.environ/T" }, { T: "" }).value).toEqual({ t: "" });
  });

  it("rejects a malformed reference", () => {
    expect(resolveEnvReferences({ t: "os.environ/1BAD-NAME" }, {}).problems).toEqual([
      { path: ["t"], message: '"os.environ/1BAD-NAME" is not a valid os.environ/NAME reference' },
    ]);
  });

  it("leaves references where shouldResolve says no", () => {
    const result = resolveEnvReferences({ litellm_settings: { k: "os.environ/NOPE" } }, {}, { shouldResolve: shouldResolveEnvReference });
    expect(result).toEqual({ value: { litellm_settings: { k: "os.environ/NOPE" } }, problems: [] });
  });
});

describe("shouldResolveEnvReference", () => {
  it.each([
    [["model_list", 0, "litellm_params", "aws_access_key_id"], true],
    [["model_list", 0, "params", "api_key"], true],
    [["model_list", 0, "litellm_params", "metadata", "x"], false],
    [["model_list", 0, "model_info", "id"], true],
    [["model_list", 0, "model_info", "mode"], false],
    [["general_settings", "master_key"], true],
    [["general_settings", "alert_to_webhook_url", "x"], false],
    [["router_settings", "redis_url"], true],
    [["router_settings", "retry_policy", "x"], false],
    [["credential_list", 0, "credential_values", "api_key"], false],
    [["litellm_settings", "callbacks"], false],
    [["bedrock_defaults", "aws_role_name"], true],
  ] as const)("%j → %s", (path, expected) => expect(shouldResolveEnvReference(path)).toBe(expected));
});

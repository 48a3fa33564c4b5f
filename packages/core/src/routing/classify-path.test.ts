import { describe, expect, it } from "vitest";
import { createCachedPathClassifier, classifyPath, createPathClassifier } from "./classify-path.js";
import { encodeLabel } from "./encode-label.js";
import { OPERATIONS } from "./operations.js";
import { fillTemplate, sampleLabels } from "./sample-labels.test-suite.js";
import type { MatchedOperation, OperationSpec, PathClassification } from "./types.js";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
const AGENT_ROOTS = [
  "agents",
  "flows",
  "knowledgebases",
  "sessions",
  "retrieveAndGenerate",
  "retrieveAndGenerateStream",
  "rerank",
  "generateQuery",
  "optimize-prompt",
  "agenticRetrieveStream",
  "tags",
];

function expectOperation(result: PathClassification, operation: string): MatchedOperation {
  if (result.kind !== "operation") throw new Error(`expected ${operation}, got ${JSON.stringify(result)}`);
  expect(result.spec.operation).toBe(operation);
  return result;
}

function expectRejected(result: PathClassification, status: 400 | 404, reason?: string | RegExp): void {
  if (result.kind !== "rejected") throw new Error(`expected a ${status} rejection, got ${JSON.stringify(result)}`);
  expect(result.status).toBe(status);
  if (reason !== undefined) expect(result.reason).toMatch(reason);
}

const rows = OPERATIONS.map((spec) => [`${spec.method} ${spec.template}`, spec] as const);

describe("classifyPath: every row of the table", () => {
  it.each(rows)("%s matches with SDK-encoded labels and rebuilds the same path", (_, spec) => {
    const labels = sampleLabels(spec);
    const path = fillTemplate(spec.template, labels, encodeLabel);
    const result = classifyPath(spec.method, path);
    if (result.kind !== "operation") throw new Error(`${path}: ${JSON.stringify(result)}`);
    expect(result.spec).toBe(spec);
    expect(result.labels).toEqual(labels);
    expect(result.model).toBe(spec.modelLabel === undefined ? undefined : labels[spec.modelLabel]);
    expect(result.toUpstreamPath()).toBe(path);
  });

  it.each(rows.filter(([, spec]) => spec.spanningLabel !== undefined))(
    "%s also matches with its ARN label sent raw (':' and '/' unencoded)",
    (_, spec) => {
      const labels = sampleLabels(spec);
      const span = spec.spanningLabel ?? "";
      const path = fillTemplate(spec.template, labels, (value) => (value === labels[span] ? value : encodeLabel(value)));
      expect(path).toContain(labels[span]);
      const result = classifyPath(spec.method, path);
      if (result.kind !== "operation") throw new Error(`${path}: ${JSON.stringify(result)}`);
      expect(result.spec).toBe(spec);
      expect(result.labels).toEqual(labels);
      expect(result.toUpstreamPath()).toBe(fillTemplate(spec.template, labels, encodeLabel));
    },
  );

  it.each(rows)("%s does not match with another method", (_, spec) => {
    const path = fillTemplate(spec.template, sampleLabels(spec), encodeLabel);
    for (const method of METHODS.filter((m) => m !== spec.method)) {
      const result = classifyPath(method, path);
      if (result.kind === "operation") expect(result.spec.template === spec.template && result.spec.method === method).toBe(true);
      else if (spec.service === "bedrock-agent-runtime") expectRejected(result, 404, `Unknown operation ${method} `);
      else expect(result).toEqual({ kind: "unknown-runtime", path });
    }
  });

  it.each(rows)("%s does not match with its trailing slash added or removed", (_, spec) => {
    const path = fillTemplate(spec.template, sampleLabels(spec), encodeLabel);
    const other = path.endsWith("/") ? path.slice(0, -1) : `${path}/`;
    const result = classifyPath(spec.method, other);
    expect(result.kind === "operation" && result.spec === spec).toBe(false);
  });
});

describe("classifyPath: model labels", () => {
  const cases: Array<[string, string, string]> = [
    ["a base id with an encoded ':'", "anthropic.claude-3-5-sonnet-20240620-v1%3A0", "anthropic.claude-3-5-sonnet-20240620-v1:0"],
    ["a base id with a raw ':'", "anthropic.claude-3-5-sonnet-20240620-v1:0", "anthropic.claude-3-5-sonnet-20240620-v1:0"],
    ["a lower-case escape", "cohere.command-r-v1%3a0", "cohere.command-r-v1:0"],
    ["an inference-profile id", "us.anthropic.claude-sonnet-4-20250514-v1%3A0", "us.anthropic.claude-sonnet-4-20250514-v1:0"],
    [
      "an encoded application-inference-profile ARN",
      "arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Aapplication-inference-profile%2Fabc123",
      "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123",
    ],
    [
      "a raw application-inference-profile ARN",
      "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123",
      "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123",
    ],
    [
      "a raw inference-profile ARN",
      "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-haiku-20240307-v1:0",
      "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-haiku-20240307-v1:0",
    ],
    [
      "a raw foundation-model ARN (empty account)",
      "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0",
      "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0",
    ],
    [
      "a raw custom-model ARN with two slashes",
      "arn:aws:bedrock:us-east-1:123456789012:custom-model/amazon.titan-text-express-v1:0:8k/abcdefghijkl",
      "arn:aws:bedrock:us-east-1:123456789012:custom-model/amazon.titan-text-express-v1:0:8k/abcdefghijkl",
    ],
    [
      "a custom-model ARN, half encoded",
      "arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Acustom-model%2Famazon.titan-text-express-v1%3A0%3A8k/abcdefghijkl",
      "arn:aws:bedrock:us-east-1:123456789012:custom-model/amazon.titan-text-express-v1:0:8k/abcdefghijkl",
    ],
    ["a config name", "claude", "claude"],
    ["a config name with raw slashes", "aws/anthropic/claude", "aws/anthropic/claude"],
    ["a config name with encoded characters", "my%20claude%20(prod)", "my claude (prod)"],
    ["a label that ends like an action", "foo/invoke", "foo/invoke"],
  ];

  it.each(cases)("reads %s", (_, raw, model) => {
    for (const [action, operation] of [["converse", "Converse"], ["invoke-with-response-stream", "InvokeModelWithResponseStream"]]) {
      const result = expectOperation(classifyPath("POST", `/model/${raw}/${action}`), operation ?? "");
      expect(result.model).toBe(model);
      expect(result.labels).toEqual({ modelId: model });
      expect(result.toUpstreamPath()).toBe(`/model/${encodeLabel(model)}/${action}`);
    }
  });

  it("replaces the model label with the resolved model id, encoded as one segment", () => {
    const result = expectOperation(classifyPath("POST", "/model/claude/converse-stream"), "ConverseStream");
    expect(result.toUpstreamPath("us.anthropic.claude-3-5-sonnet-20240620-v1:0")).toBe(
      "/model/us.anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse-stream",
    );
    expect(result.toUpstreamPath("arn:aws:bedrock:us-west-2:123456789012:application-inference-profile/x1")).toBe(
      "/model/arn%3Aaws%3Abedrock%3Aus-west-2%3A123456789012%3Aapplication-inference-profile%2Fx1/converse-stream",
    );
    expect(result.toUpstreamPath()).toBe("/model/claude/converse-stream");
    expect(result.labels).toEqual({ modelId: "claude" });
  });

  it("gives each model id its own path when one classification serves many calls, past its memo's bound too", () => {
    const result = expectOperation(classifyPath("POST", "/model/claude/converse"), "Converse");
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 40; i++) {
        expect(result.toUpstreamPath(`model-${i}:0`)).toBe(`/model/model-${i}%3A0/converse`);
        expect(result.toUpstreamPath()).toBe("/model/claude/converse");
      }
    }
  });

  it("ignores a model id for operations without a model label", () => {
    const result = expectOperation(classifyPath("POST", "/guardrail/gr1/version/1/apply"), "ApplyGuardrail");
    expect(result.model).toBeUndefined();
    expect(result.toUpstreamPath("claude")).toBe("/guardrail/gr1/version/1/apply");
  });

  it("refuses an empty replacement model id", () => {
    const result = expectOperation(classifyPath("POST", "/model/claude/converse"), "Converse");
    expect(() => result.toUpstreamPath("")).toThrow(RangeError);
  });

  it("returns frozen labels", () => {
    const result = expectOperation(classifyPath("POST", "/model/claude/converse"), "Converse");
    expect(Object.isFrozen(result.labels)).toBe(true);
  });

  it("compares literal segments case-sensitively, after decoding", () => {
    expect(classifyPath("POST", "/model/x/Converse")).toEqual({ kind: "unknown-runtime", path: "/model/x/Converse" });
    const encoded = expectOperation(classifyPath("POST", "/model/x/%63onverse"), "Converse");
    expect(encoded.toUpstreamPath()).toBe("/model/x/converse");
  });

  it("reads guardrail and async-invoke ARNs sent raw", () => {
    const guardrail = "arn:aws:bedrock:us-east-1:123456789012:guardrail/gr1234abcd";
    const apply = expectOperation(classifyPath("POST", `/guardrail/${guardrail}/version/DRAFT/apply`), "ApplyGuardrail");
    expect(apply.labels).toEqual({ guardrailIdentifier: guardrail, guardrailVersion: "DRAFT" });
    const arn = "arn:aws:bedrock:us-east-1:123456789012:async-invoke/abcdefghijkl";
    const get = expectOperation(classifyPath("GET", `/async-invoke/${arn}`), "GetAsyncInvoke");
    expect(get.toUpstreamPath()).toBe(`/async-invoke/${encodeLabel(arn)}`);
    expectOperation(classifyPath("GET", "/async-invoke"), "ListAsyncInvokes");
    expectOperation(classifyPath("POST", "/async-invoke"), "StartAsyncInvoke");
  });
});

describe("classifyPath: unsafe paths are refused with 400", () => {
  it.each([
    ["/model/../x", /"\.\." segments/],
    ["/model/./converse", /"\." segments/],
    ["/model/%2e%2e/converse", /decodes to "\.\."/],
    ["/model/%2E./converse", /decodes to "\.\."/],
    ["/model/a/%2E%2E/converse", /decodes to "\.\."/],
    ["/model/%2e/converse", /decodes to "\."/],
    ["/model/a%2F..%2Fb/converse", /"\." or "\.\." piece/],
    ["/model/%2F../converse", /"\." or "\.\." piece/],
    ["/model//converse", /empty path segments/],
    ["//model/x/converse", /empty path segments/],
    ["/model/a//b/converse", /empty path segments/],
    ["/model/%zz/converse", /malformed percent-escape "%zz" at offset 7/],
    ["/model/abc%/converse", /malformed percent-escape "%\/c"/],
    ["/model/abc%", /malformed percent-escape "%"/],
    ["/model/%E9/converse", /not valid UTF-8/],
    ["/model/a\nb/converse", /control character \(U\+000A\)/],
    ["/model/a\tb/converse", /control character \(U\+0009\)/],
    ["/model/a\u0000/converse", /control character \(U\+0000\)/],
    ["/model/a%00/converse", /decodes to a control character \(U\+0000\)/],
    ["/model/a%0D%0Ab/converse", /decodes to a control character \(U\+000D\)/],
    ["/model/a%7F/converse", /control character \(U\+007F\)/],
    ["/model/a%C2%85/converse", /control character \(U\+0085\)/],
    ["/model/a\\b/converse", /backslash/],
    ["/model/a%5Cb/converse", /decodes to a backslash/],
    ["/model/a b/converse", /character ' ' \(U\+0020\)/],
    ['/model/a"b/converse', /character '"'/],
    ["/model/a<b/converse", /character '<'/],
    ["/model/x/converse?x=1", /character '\?'/],
    ["/model/x/converse#frag", /character '#'/],
    ["/model/é/converse", /character U\+00E9/],
    ["/model/\u202e/converse", /character U\+202E/],
    ["model/x/converse", /must start with "\/"/],
    ["", /must start with "\/"/],
  ])("%j", (path, reason) => {
    expectRejected(classifyPath("POST", path), 400, reason);
  });

  it("refuses unsafe unknown paths too, before anything is forwarded", () => {
    expectRejected(classifyPath("GET", "/foundation-models/%2e%2e/x"), 400);
    expectRejected(classifyPath("GET", "/x/..%2F"), 400);
  });
});

describe("classifyPath: unknown paths", () => {
  it.each([
    ["POST", "/model/x/some-future-action"],
    ["POST", "/model/x/converse/"],
    ["GET", "/model/x/converse"],
    ["GET", "/foundation-models"],
    ["POST", "/guardrail/gr1/version/1/apply/extra"],
    ["POST", "/model/us.anthropic.claude-3-haiku-20240307-v1%3A0/future"],
  ])("forwards %s %s to bedrock-runtime unchanged", (method, path) => {
    expect(classifyPath(method, path)).toEqual({ kind: "unknown-runtime", path });
  });

  it("refuses an unknown agent-runtime-like path with 404", () => {
    expectRejected(classifyPath("POST", "/agents/x/foo"), 404, /^Unknown operation POST \/agents\/x\/foo$/);
  });

  it.each(AGENT_ROOTS)("treats /%s/... as agent-runtime: never forwarded to bedrock-runtime", (root) => {
    // PATCH: /tags/{resourceArn} takes GET, POST and DELETE with a raw ARN spanning segments
    expectRejected(classifyPath("PATCH", `/${root}/no/such/operation`), 404, "Unknown operation");
    expectRejected(classifyPath("GET", `/${root.toUpperCase()}/x`), 404, "Unknown operation");
  });

  it("derives exactly the documented agent-runtime roots from the table", () => {
    const roots = new Set(OPERATIONS.filter((s) => s.service === "bedrock-agent-runtime").map((s) => s.template.split("/")[1]));
    expect([...roots].sort()).toEqual([...AGENT_ROOTS].sort());
  });

  it("sees through an encoded agent-runtime root", () => {
    expectRejected(classifyPath("POST", "/%61gents/x/foo"), 404);
  });

  it("names the method a known agent-runtime path takes", () => {
    expectRejected(
      classifyPath("GET", "/agents/A1/agentAliases/B1/sessions/s1/text"),
      404,
      "Unknown operation GET /agents/A1/agentAliases/B1/sessions/s1/text; this path takes POST (InvokeAgent)",
    );
    expectRejected(classifyPath("DELETE", "/sessions/"), 404, /takes PUT \(CreateSession\) or POST \(ListSessions\)$/);
  });

  it("refuses the bare root", () => {
    expectRejected(classifyPath("GET", "/"), 404, "Unknown operation GET /");
  });

  it("shortens a long path in the reason", () => {
    const path = `/agents/${"a".repeat(1000)}/x`;
    const result = classifyPath("POST", path);
    expectRejected(result, 404);
    expect(result.kind === "rejected" && result.reason.length < 300).toBe(true);
  });
});

describe("classifyPath: trailing slashes are significant (sessions)", () => {
  it.each([
    ["PUT", "/sessions/", "CreateSession"],
    ["POST", "/sessions/", "ListSessions"],
    ["GET", "/sessions/s1/", "GetSession"],
    ["PUT", "/sessions/s1/", "UpdateSession"],
    ["DELETE", "/sessions/s1/", "DeleteSession"],
    ["PATCH", "/sessions/s1", "EndSession"],
    ["PUT", "/sessions/s1/invocations/", "CreateInvocation"],
    ["POST", "/sessions/s1/invocations/", "ListInvocations"],
    ["PUT", "/sessions/s1/invocationSteps/", "PutInvocationStep"],
    ["POST", "/sessions/s1/invocationSteps/", "ListInvocationSteps"],
    ["POST", "/sessions/s1/invocationSteps/step-1", "GetInvocationStep"],
  ])("%s %s is %s", (method, path, operation) => {
    const result = expectOperation(classifyPath(method, path), operation);
    expect(result.toUpstreamPath()).toBe(path);
  });

  it.each([
    ["PUT", "/sessions"],
    ["PATCH", "/sessions/s1/"],
    ["GET", "/sessions/s1"],
    ["DELETE", "/sessions/s1"],
    ["PUT", "/sessions/s1/invocations"],
    ["POST", "/sessions/s1/invocationSteps/step-1/"],
  ])("%s %s is refused", (method, path) => {
    expectRejected(classifyPath(method, path), 404, `Unknown operation ${method} ${path}`);
  });

  it("keeps an encoded session ARN as one segment upstream", () => {
    const arn = "arn:aws:bedrock:us-east-1:123456789012:session/SESSION123";
    const result = expectOperation(classifyPath("PATCH", `/sessions/${encodeLabel(arn)}`), "EndSession");
    expect(result.labels).toEqual({ sessionIdentifier: arn });
    expect(result.toUpstreamPath()).toBe("/sessions/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Asession%2FSESSION123");
  });
});

describe("createPathClassifier", () => {
  const row = (extra: Partial<OperationSpec>): OperationSpec => ({
    service: "bedrock-runtime",
    operation: "Test",
    method: "POST",
    template: "/test/{id}",
    streaming: false,
    ...extra,
  });

  it("classifies against the table it is given", () => {
    const classify = createPathClassifier([row({})]);
    expectOperation(classify("POST", "/test/1"), "Test");
    expect(classify("POST", "/agents/x/foo")).toEqual({ kind: "unknown-runtime", path: "/agents/x/foo" });
  });

  it.each([
    ["a repeated method and template", [row({}), row({ operation: "Other" })], /twice/],
    ["a greedy label", [row({ template: "/test/{id+}" })], /neither a label nor a plain literal/],
    ["a template starting with a label", [row({ template: "/{id}/x" })], /must start with a literal/],
    ["an empty template segment", [row({ template: "/test//{id}" })], /empty segment/],
    ["a missing spanning label", [row({ spanningLabel: "arn" })], /no label \{arn\}/],
    ["a missing model label", [row({ modelLabel: "modelId" })], /no model label/],
    ["a repeated label", [row({ template: "/test/{id}/{id}" })], /repeats a label/],
  ])("refuses a table with %s", (_, table, message) => {
    expect(() => createPathClassifier(table)).toThrow(message);
  });
});

describe("createCachedPathClassifier", () => {
  it("answers as the classifier it wraps, asking it once per method and path", () => {
    const asked: string[] = [];
    const cached = createCachedPathClassifier((method, path) => {
      asked.push(`${method} ${path}`);
      return classifyPath(method, path);
    });
    const paths = ["/model/us.anthropic.claude-3-haiku-20240307-v1%3A0/converse", "/model/m/converse-stream", "/agents/a/agentAliases/b/sessions/c/text", "/../x", "/model/m/future"];
    // the answers' data (their toUpstreamPath closures aside) are the wrapped classifier's
    const plain = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;
    for (const path of [...paths, ...paths]) expect(plain(cached("POST", path))).toEqual(plain(classifyPath("POST", path)));
    expect(plain(cached("GET", paths[0]!))).toEqual(plain(classifyPath("GET", paths[0]!)));
    expect(asked).toEqual([...paths.map((path) => `POST ${path}`), `GET ${paths[0]}`]);
    expect(cached("POST", paths[0]!)).toBe(cached("POST", paths[0]!));
  });

  it("starts a method's cache over once it holds maxPerMethod paths", () => {
    let asked = 0;
    const cached = createCachedPathClassifier((method, path) => {
      asked++;
      return classifyPath(method, path);
    }, 2);
    cached("POST", "/model/a/converse");
    cached("POST", "/model/b/converse");
    cached("POST", "/model/c/converse");
    expect(asked).toBe(3);
    cached("POST", "/model/c/converse");
    expect(asked).toBe(3);
    cached("POST", "/model/a/converse");
    expect(asked).toBe(4);
  });
});

import { describe, expect, it } from "vitest";
import { createFaultPlanner } from "./fault-planner.js";
import type { FaultCandidate } from "./fault-planner.js";
import { readDirectives, stripDirectives } from "./read-directives.js";

const converse: FaultCandidate = { operation: "Converse", modelIds: ["us.m", "m"], streaming: false, bodyText: "{}" };
const stream: FaultCandidate = { ...converse, operation: "ConverseStream", streaming: true };

describe("readDirectives", () => {
  it("reads the directive vocabulary with key=value arguments", () => {
    const text = "a [[sim:throttle]] b [[sim:error status=503]] [[sim:error name=ModelTimeoutException times=2]] [[sim:stream-error after=2 type=internalServerException]] [[sim:drop]] [[sim:drop after=3]] [[sim:delay ms=50]] [[sim:unknown]]";
    expect(readDirectives(text).map((directive) => [directive.action, directive.times])).toEqual([
      [{ kind: "throttle" }, undefined],
      [{ kind: "error", name: "", status: 503 }, undefined],
      [{ kind: "error", name: "ModelTimeoutException" }, 2],
      [{ kind: "stream-exception", afterEvents: 2, exceptionType: "internalServerException" }, undefined],
      [{ kind: "drop-connection" }, undefined],
      [{ kind: "drop-connection", afterEvents: 3 }, undefined],
      [{ kind: "delay", ms: 50 }, undefined],
    ]);
    expect(stripDirectives("hello [[sim:throttle]]world")).toBe("hello world");
  });
});

describe("createFaultPlanner", () => {
  it("consumes queued faults by operation and model, `times` at a time", () => {
    const planner = createFaultPlanner();
    planner.inject({ kind: "throttle", operation: "InvokeModel" });
    planner.inject({ kind: "error", name: "InternalServerException", model: "m", times: 2 });
    expect(planner.plan(converse).terminal).toEqual({ kind: "error", name: "InternalServerException", model: "m", times: 2 });
    expect(planner.plan(converse).terminal?.kind).toBe("error");
    expect(planner.plan(converse).terminal).toBeUndefined();
    expect(planner.plan({ ...converse, operation: "InvokeModel" }).terminal?.kind).toBe("throttle");
  });

  it("keeps mid-stream faults for streaming operations and sorts faults by when they act", () => {
    const planner = createFaultPlanner();
    planner.inject({ kind: "stream-exception", afterEvents: 2 });
    expect(planner.plan(converse).midStream).toBeUndefined();
    expect(planner.plan(stream).midStream).toEqual({ kind: "stream-exception", afterEvents: 2 });
    const plan = planner.plan({ ...stream, bodyText: "[[sim:delay ms=20]] [[sim:delay ms=5]] [[sim:drop after=1]]" });
    expect(plan).toMatchObject({ delayMs: 25, midStream: { kind: "drop-connection", afterEvents: 1 } });
    expect(plan.applied).toHaveLength(3);
  });

  it("applies a directive with times=N to the first N requests with that body only", () => {
    const planner = createFaultPlanner();
    const body = { ...converse, bodyText: "hi [[sim:throttle times=1]]" };
    expect(planner.plan(body).terminal?.kind).toBe("throttle");
    expect(planner.plan(body).terminal).toBeUndefined();
    expect(planner.plan({ ...converse, bodyText: "other [[sim:throttle times=1]]" }).terminal?.kind).toBe("throttle");
    planner.clear();
    expect(planner.plan(body).terminal?.kind).toBe("throttle");
  });
});

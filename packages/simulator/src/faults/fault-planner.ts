import type { Fault, FaultAction, OperationName } from "../types.js";
import { sha256Hex } from "../util/hash-text.js";
import { readDirectives } from "./read-directives.js";

export interface FaultCandidate {
  operation: OperationName;
  /** model label as sent (decoded) and its base model id */
  modelIds: readonly string[];
  streaming: boolean;
  bodyText: string;
}

/** The faults that apply to one request, sorted by when they act. */
export interface FaultPlan {
  delayMs: number;
  /** answers instead of the operation: an error, or a connection dropped before headers */
  terminal?: FaultAction;
  /** acts inside the event stream */
  midStream?: FaultAction;
  /** the faults applied, for the request record */
  applied: Fault[];
}

export interface FaultPlanner {
  inject(fault: Fault): void;
  clear(): void;
  plan(candidate: FaultCandidate): FaultPlan;
}

const isMidStream = (action: FaultAction): boolean =>
  action.kind === "stream-exception" || (action.kind === "drop-connection" && action.afterEvents !== undefined);

function matches(fault: Fault, candidate: FaultCandidate): boolean {
  if (isMidStream(fault) && !candidate.streaming) return false;
  if (fault.operation !== undefined) {
    const operations = Array.isArray(fault.operation) ? fault.operation : [fault.operation];
    if (!operations.includes(candidate.operation)) return false;
  }
  return fault.model === undefined || candidate.modelIds.includes(fault.model);
}

function addToPlan(plan: FaultPlan, fault: Fault): void {
  if (fault.kind === "delay") plan.delayMs += fault.ms;
  else if (isMidStream(fault)) plan.midStream ??= fault;
  else plan.terminal ??= fault;
  plan.applied.push(fault);
}

/**
 * Fault selection for one simulator: injected faults are queued and consumed by the first matching requests
 * (`times`, default 1), and directives in the request text apply to every request carrying them (or to the first
 * `times=N` requests with that exact body, so a retrying client can be tested over the wire).
 *
 * @example
 * const planner = createFaultPlanner();
 * planner.inject({ kind: "throttle", operation: "Converse", times: 2 });
 */
export function createFaultPlanner(): FaultPlanner {
  const queue: Array<{ fault: Fault; remaining: number }> = [];
  const directiveUses = new Map<string, number>();
  return {
    inject(fault) {
      queue.push({ fault, remaining: fault.times ?? 1 });
    },
    clear() {
      queue.length = 0;
      directiveUses.clear();
    },
    plan(candidate) {
      const plan: FaultPlan = { delayMs: 0, applied: [] };
      const queued = queue.findIndex((entry) => matches(entry.fault, candidate));
      if (queued >= 0) {
        const entry = queue[queued]!;
        entry.remaining -= 1;
        if (entry.remaining <= 0) queue.splice(queued, 1);
        addToPlan(plan, entry.fault);
      }
      const directives = readDirectives(candidate.bodyText);
      const bodyKey = directives.length > 0 ? sha256Hex(candidate.bodyText) : "";
      for (const directive of directives) {
        if (isMidStream(directive.action) && !candidate.streaming) continue;
        if (directive.times !== undefined) {
          const useKey = `${bodyKey}|${directive.source}`;
          const uses = directiveUses.get(useKey) ?? 0;
          if (uses >= directive.times) continue;
          directiveUses.set(useKey, uses + 1);
        }
        addToPlan(plan, directive.action);
      }
      return plan;
    },
  };
}

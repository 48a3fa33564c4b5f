import { Counter, Gauge, Registry } from "prom-client";
import type { CounterCells } from "./counter-cells.js";
import { createCellCounter } from "./counter-cells.js";
import type { LabelledHistogram } from "./labelled-histogram.js";
import { createLabelledHistogram } from "./labelled-histogram.js";

/** The gateway's Prometheus metrics. Labels are of low cardinality: no raw keys, no end users. */
export interface GatewayMetrics {
  readonly registry: Registry;
  requests: Counter<"route" | "operation" | "model_group" | "status_class">;
  errors: Counter<"operation" | "error_type">;
  duration: LabelledHistogram<"operation" | "model_group">;
  timeToFirstByte: LabelledHistogram<"operation" | "model_group">;
  overhead: LabelledHistogram<"operation">;
  tokens: Counter<"model_group" | "key_alias" | "kind">;
  cost: Counter<"model_group" | "key_alias">;
  unpriced: Counter<"model_group" | "reason">;
  partial: Counter<"operation">;
  inFlight: Gauge;
  /** set by whoever owns the spend writer, read at scrape time */
  spendQueueDepth: Gauge;
  /** attempts a deployment answered below 400 */
  deploymentSuccesses: Counter<DeploymentLabel>;
  /** failed attempts that count against a deployment, by kind (throttle, server, timeout, connection) */
  deploymentFailures: Counter<DeploymentLabel | "kind">;
  /** cooldowns started by this instance (after failed calls or failed health checks) */
  deploymentCooldowns: Counter<DeploymentLabel>;
  /** calls that moved on from a model group to one of its fallbacks */
  fallbacks: Counter<"model_group" | "fallback_group">;
  /** active health checks, by outcome (success, or the failure kind; `client` counts against nobody) */
  healthChecks: Counter<DeploymentLabel | "outcome">;
  /** 1 while a deployment is cooling down, read from the shared state at scrape time (every instance's cooldowns) */
  deploymentCoolingDown: Gauge<DeploymentLabel>;
  /**
   * The per-request counters' cells: what the hot path increments instead of the counters themselves, folded into
   * them whenever they are scraped (see createCounterCells). Incrementing a counter directly still counts, but lands
   * at once, so a series made that way can come before one a cell made earlier.
   */
  readonly cells: PerRequestCells;
}

/** Cells of the counters every request (or every served attempt) touches. */
export interface PerRequestCells {
  requests: CounterCells<"route" | "operation" | "model_group" | "status_class">;
  errors: CounterCells<"operation" | "error_type">;
  tokens: CounterCells<"model_group" | "key_alias" | "kind">;
  cost: CounterCells<"model_group" | "key_alias">;
  unpriced: CounterCells<"model_group" | "reason">;
  partial: CounterCells<"operation">;
  deploymentSuccesses: CounterCells<DeploymentLabel>;
}

/** The labels of per-deployment series: both bounded by the config, never by traffic. */
export type DeploymentLabel = "deployment_id" | "model_group";

/** One deployment's state for the `deployment_cooling_down` gauge. */
export interface DeploymentState {
  deploymentId: string;
  modelGroup: string;
  coolingDown: boolean;
}

export interface MetricsOptions {
  /** read at scrape time, so the gauge never goes stale */
  readSpendQueueDepth?: () => number;
  /** read at scrape time for `deployment_cooling_down`; a failed read leaves the last values */
  readDeploymentStates?: () => Promise<readonly DeploymentState[]>;
  prefix?: string;
}

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];
const OVERHEAD_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1];

/**
 * Creates the metrics on a registry of their own (never prom-client's global one), so several gateways in one
 * process, or tests, never collide.
 *
 * @example
 * const metrics = createMetrics();
 * metrics.requests.inc({ route: "bedrock-runtime", operation: "Converse", model_group: "claude", status_class: "2xx" });
 * const text = await metrics.registry.metrics();
 */
export function createMetrics(options: MetricsOptions = {}): GatewayMetrics {
  const registry = new Registry();
  const name = (suffix: string) => `${options.prefix ?? "bedrock_gw"}_${suffix}`;
  const readDepth = options.readSpendQueueDepth;
  // registered in this order, which is the exposition's
  const deployment = createDeploymentMetrics(registry, name, options.readDeploymentStates);
  const requests = createCellCounter({
    name: name("requests_total"),
    help: "Requests handled, by route kind, operation, model group and status class",
    labelNames: ["route", "operation", "model_group", "status_class"],
    registers: [registry],
  });
  const errors = createCellCounter({
    name: name("errors_total"),
    help: "Requests that ended in an error, by Bedrock error type",
    labelNames: ["operation", "error_type"],
    registers: [registry],
  });
  const duration = createLabelledHistogram({
    name: name("request_duration_seconds"),
    help: "Whole request duration, to the last byte",
    labelNames: ["operation", "model_group"],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const timeToFirstByte = createLabelledHistogram({
    name: name("time_to_first_byte_seconds"),
    help: "Request received to response headers sent",
    labelNames: ["operation", "model_group"],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const overhead = createLabelledHistogram({
    name: name("gateway_overhead_seconds"),
    help: "Time spent in the gateway itself (total minus waiting on Bedrock)",
    labelNames: ["operation"],
    buckets: OVERHEAD_BUCKETS,
    registers: [registry],
  });
  const tokens = createCellCounter({
    name: name("tokens_total"),
    help: "Tokens by model group, key alias and kind (input, output, cache_read, cache_write)",
    labelNames: ["model_group", "key_alias", "kind"],
    registers: [registry],
  });
  const cost = createCellCounter({
    name: name("cost_usd_total"),
    help: "Priced cost in USD by model group and key alias",
    labelNames: ["model_group", "key_alias"],
    registers: [registry],
  });
  const unpriced = createCellCounter({
    name: name("unpriced_requests_total"),
    help: "Requests whose usage could not be priced (never counted as cost 0)",
    labelNames: ["model_group", "reason"],
    registers: [registry],
  });
  const partial = createCellCounter({
    name: name("partial_streams_total"),
    help: "Streams that ended early (client gone, upstream error); their usage is what was seen",
    labelNames: ["operation"],
    registers: [registry],
  });
  return {
    registry,
    ...deployment.metrics,
    requests: requests.counter,
    errors: errors.counter,
    duration,
    timeToFirstByte,
    overhead,
    tokens: tokens.counter,
    cost: cost.counter,
    unpriced: unpriced.counter,
    partial: partial.counter,
    inFlight: new Gauge({ name: name("in_flight_requests"), help: "Requests in progress", registers: [registry] }),
    spendQueueDepth: new Gauge({
      name: name("spend_queue_depth"),
      help: "Spend rows waiting to be written to the database",
      registers: [registry],
      ...(readDepth
        ? {
            collect(this: Gauge) {
              this.set(readDepth());
            },
          }
        : {}),
    }),
    cells: {
      requests: requests.cells,
      errors: errors.cells,
      tokens: tokens.cells,
      cost: cost.cells,
      unpriced: unpriced.cells,
      partial: partial.cells,
      deploymentSuccesses: deployment.successCells,
    },
  };
}

type DeploymentMetrics = Pick<
  GatewayMetrics,
  "deploymentSuccesses" | "deploymentFailures" | "deploymentCooldowns" | "fallbacks" | "healthChecks" | "deploymentCoolingDown"
>;

function createDeploymentMetrics(
  registry: Registry,
  name: (suffix: string) => string,
  readStates: MetricsOptions["readDeploymentStates"],
): { metrics: DeploymentMetrics; successCells: CounterCells<DeploymentLabel> } {
  const labels: DeploymentLabel[] = ["deployment_id", "model_group"];
  const successes = createCellCounter({
    name: name("deployment_successes_total"),
    help: "Upstream attempts a deployment answered below 400",
    labelNames: labels,
    registers: [registry],
  });
  const metrics: DeploymentMetrics = {
    deploymentSuccesses: successes.counter,
    deploymentFailures: new Counter({
      name: name("deployment_failures_total"),
      help: "Failed upstream attempts that count against a deployment, by kind (throttle, server, timeout, connection)",
      labelNames: [...labels, "kind"],
      registers: [registry],
    }),
    deploymentCooldowns: new Counter({
      name: name("deployment_cooldowns_total"),
      help: "Cooldowns started by this instance, after failed calls or failed health checks",
      labelNames: labels,
      registers: [registry],
    }),
    fallbacks: new Counter({
      name: name("fallbacks_total"),
      help: "Calls that moved on from a model group to one of its fallbacks",
      labelNames: ["model_group", "fallback_group"],
      registers: [registry],
    }),
    healthChecks: new Counter({
      name: name("deployment_health_checks_total"),
      help: "Active health checks (CountTokens) by outcome: success, or the failure kind",
      labelNames: [...labels, "outcome"],
      registers: [registry],
    }),
    deploymentCoolingDown: new Gauge({
      name: name("deployment_cooling_down"),
      help: "1 while a deployment is cooling down (shared by every instance), else 0",
      labelNames: labels,
      registers: [registry],
      ...(readStates ? { collect: collectCoolingDown(readStates) } : {}),
    }),
  };
  return { metrics, successCells: successes.cells };
}

function collectCoolingDown(readStates: () => Promise<readonly DeploymentState[]>) {
  return async function collect(this: Gauge<DeploymentLabel>): Promise<void> {
    let states: readonly DeploymentState[];
    try {
      states = await readStates();
    } catch {
      // shared state unreachable: keep the last reading rather than fail the whole scrape
      return;
    }
    this.reset();
    for (const state of states) this.set({ deployment_id: state.deploymentId, model_group: state.modelGroup }, state.coolingDown ? 1 : 0);
  };
}

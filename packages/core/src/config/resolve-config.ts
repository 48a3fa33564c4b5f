import type { z } from "zod";
import type { IssueCollector } from "./config-error.js";
import { ConfigError, createIssueCollector, formatConfigPath } from "./config-error.js";
import { createConfigLayer, readEnv, readEnvLayer } from "./connection-layers.js";
import { parseEndpointUrl } from "./endpoint-url.js";
import type { SimulatedReferenceScope } from "./env-reference-scope.js";
import { classifySimulatedReference, shouldResolveEnvReference } from "./env-reference-scope.js";
import type { EnvReferenceProblem } from "./env-references.js";
import { isPlainObject, resolveEnvReferences } from "./env-references.js";
import { bedrockDefaultsSchema } from "./litellm-params-schema.js";
import { reportDuplicateIds } from "./report-duplicate-ids.js";
import type { ResolvedDeploymentEntry } from "./resolve-deployments.js";
import { resolveDeployment } from "./resolve-deployments.js";
import { resolveGeneralSettings } from "./resolve-general-settings.js";
import { resolveRouterSettings } from "./resolve-router-settings.js";
import type { TargetContext } from "./resolve-upstream-target.js";
import { resolveUpstreamTarget } from "./resolve-upstream-target.js";
import { environmentVariablesSchema, generalSettingsSchema, rootSchema, routerSettingsSchema } from "./settings-schema.js";
import type { ResolveConfigOptions, ResolvedConfig, ResolvedDeployment, SimulatorTarget } from "./types.js";
import { describeValue, parseWithIssues } from "./zod-issues.js";

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Validates a parsed config document (LiteLLM's Bedrock subset plus bedrock-gw's keys) and resolves it once into
 * the typed config the gateway runs on. Pure: the environment comes in `options.env`. Every problem is collected
 * and thrown together as one `ConfigError`.
 *
 * @example
 * const config = resolveConfig(YAML.parse(text), { env: process.env });
 * config.modelGroups.get("claude")?.[0]?.runtimeEndpoint.origin // "https://bedrock-runtime.us-west-2.amazonaws.com"
 */
export function resolveConfig(input: unknown, options: ResolveConfigOptions): ResolvedConfig {
  if (!isPlainObject(input)) {
    const message = `expected a mapping with model_list, general_settings, router_settings, ...; got ${describeValue(input)}`;
    throw new ConfigError([{ path: "config", message }]);
  }
  const issues = createIssueCollector();
  const warnings: string[] = [];
  parseWithIssues(rootSchema, input, [], issues);
  const env = readEffectiveEnv(input.environment_variables, options.env, issues);
  const { value, problems } = resolveEnvReferences(input, env, {
    shouldResolve: (path) => path[0] !== "environment_variables" && shouldResolveEnvReference(path),
  });
  const tree = value as Record<string, unknown>;
  const deferred = reportEnvProblems(problems, options.simulator !== undefined, issues);
  const context = createTargetContext(env, issues, options.simulator);
  const missingPaths = new Set(problems.map((problem) => formatConfigPath(problem.path)));
  context.isMissing = (path) => missingPaths.has(path);

  const general = parseSection(generalSettingsSchema, tree.general_settings, "general_settings", issues);
  const router = parseSection(routerSettingsSchema, tree.router_settings, "router_settings", issues);
  const defaults = parseSection(bedrockDefaultsSchema, tree.bedrock_defaults, "bedrock_defaults", issues) ?? {};
  const defaultsTarget = resolveUpstreamTarget(
    [createConfigLayer(defaults, ["bedrock_defaults"], true), readEnvLayer(env, true)],
    context,
  );
  const inherited = [createConfigLayer(defaults, ["bedrock_defaults"], false), readEnvLayer(env, false)];
  const rawList = Array.isArray(tree.model_list) ? tree.model_list : [];
  const entries = rawList
    .map((raw, index) => resolveDeployment(raw, index, { ...context, inherited, router }))
    .filter((entry): entry is ResolvedDeploymentEntry => entry !== undefined);
  reportDuplicateIds(rawList, issues);
  const routerSettings = resolveRouterSettings(router, readGroupNames(rawList), issues);
  const generalSettings = resolveGeneralSettings(general, router, env, issues);
  settleDeferred(deferred, { entries, defaultsSimulated: defaultsTarget.runtimeSimulated, issues, warnings });
  if (issues.issues.length > 0) throw new ConfigError(issues.issues);

  const deployments = entries.map((entry) => entry.deployment);
  return {
    deployments,
    modelGroups: groupDeployments(deployments),
    defaults: defaultsTarget.target,
    general: generalSettings,
    router: routerSettings,
    warnings,
  };
}

function parseSection<T extends z.ZodType>(schema: T, value: unknown, name: string, issues: IssueCollector): z.output<T> | undefined {
  return value === undefined || value === null ? undefined : parseWithIssues(schema, value, [name], issues, { partial: true });
}

// LiteLLM copies `environment_variables` into the process environment via get_secret, which keeps a variable that
// is already set: the real environment wins, the file fills in what is unset. Values may be os.environ/ references.
function readEffectiveEnv(raw: unknown, env: Env, issues: IssueCollector): Env {
  if (raw === undefined || raw === null) return env;
  const parsed = parseWithIssues(environmentVariablesSchema, raw, ["environment_variables"], issues) ?? {};
  const { value, problems } = resolveEnvReferences(parsed, env, { basePath: ["environment_variables"] });
  for (const problem of problems) issues.addRootCause(formatConfigPath(problem.path), problem.message);
  const merged: Record<string, string | undefined> = { ...env };
  for (const [name, text] of Object.entries(value as Record<string, string>)) {
    if (readEnv(env, name) === undefined) merged[name] = text;
  }
  return merged;
}

interface DeferredReference {
  scope: SimulatedReferenceScope;
  path: string;
  message: string;
}

// Without the simulator every unreadable reference is an error. With it, references that only matter for real
// AWS (credentials, region, API key) or real infrastructure wait until it is known which targets stay real.
function reportEnvProblems(problems: readonly EnvReferenceProblem[], simulating: boolean, issues: IssueCollector): DeferredReference[] {
  const deferred: DeferredReference[] = [];
  for (const problem of problems) {
    const path = formatConfigPath(problem.path);
    const scope = simulating && problem.name !== undefined ? classifySimulatedReference(problem.path) : undefined;
    if (scope === undefined) {
      issues.addRootCause(path, problem.message);
    } else {
      issues.suppress(path);
      deferred.push({ scope, path, message: problem.message });
    }
  }
  return deferred;
}

const SIMULATED_NOTE: Record<SimulatedReferenceScope["kind"], string> = {
  deployment: "not needed, since this deployment goes to the simulator",
  defaults: "not needed, since every target goes to the simulator",
  infrastructure: "running without it under --simulate",
};

interface SettleContext {
  entries: readonly ResolvedDeploymentEntry[];
  defaultsSimulated: boolean;
  issues: IssueCollector;
  warnings: string[];
}

function settleDeferred(deferred: readonly DeferredReference[], context: SettleContext): void {
  const realDeployment = (index: number): boolean =>
    context.entries.some((entry) => entry.deployment.index === index && !entry.runtimeSimulated);
  const anyReal = !context.defaultsSimulated || context.entries.some((entry) => !entry.runtimeSimulated);
  for (const reference of deferred) {
    const needed =
      (reference.scope.kind === "deployment" && realDeployment(reference.scope.index)) ||
      (reference.scope.kind === "defaults" && anyReal);
    if (needed) context.issues.addRootCause(reference.path, reference.message);
    else context.warnings.push(`${reference.path}: ${reference.message}; ${SIMULATED_NOTE[reference.scope.kind]}`);
  }
}

function createTargetContext(env: Env, issues: IssueCollector, simulator: SimulatorTarget | undefined): TargetContext {
  const context: TargetContext = { issues, fips: readEnv(env, "AWS_USE_FIPS_ENDPOINT")?.toLowerCase() === "true" };
  const tokenFile = readEnv(env, "AWS_WEB_IDENTITY_TOKEN_FILE");
  const roleArn = readEnv(env, "AWS_ROLE_ARN");
  if (tokenFile !== undefined) context.webIdentityTokenFile = tokenFile;
  if (roleArn !== undefined) context.webIdentityRoleArn = roleArn;
  if (simulator !== undefined) {
    const parsed = parseEndpointUrl(simulator.url);
    if (parsed.ok) context.simulator = { endpoint: parsed.endpoint, credentials: simulator.credentials };
    else issues.add("simulator.url", parsed.problem);
  }
  return context;
}

function readGroupNames(rawList: readonly unknown[]): Set<string> {
  const names = new Set<string>();
  for (const raw of rawList) {
    if (isPlainObject(raw) && typeof raw.model_name === "string") names.add(raw.model_name);
  }
  return names;
}

function groupDeployments(deployments: readonly ResolvedDeployment[]): Map<string, ResolvedDeployment[]> {
  const groups = new Map<string, ResolvedDeployment[]>();
  for (const deployment of deployments) {
    const group = groups.get(deployment.modelName);
    if (group === undefined) groups.set(deployment.modelName, [deployment]);
    else group.push(deployment);
  }
  return groups;
}

import type { Command } from "commander";
import { createKeyAdminClient } from "@bedrock-gw/core";
import type { CliIo } from "./cli.js";

/** Option name → `/key/generate` field, and how to read its text. */
const GENERATE_OPTIONS: ReadonlyArray<readonly [flag: string, field: string, description: string, parse: (text: string) => unknown]> = [
  ["--alias <alias>", "key_alias", "a unique name for the key", String],
  ["--models <list>", "models", "allowed model groups, ids or patterns (comma-separated)", (t) => t.split(",").map((m) => m.trim()).filter(Boolean)],
  ["--agent-resources <list>", "agent_resources", "allowed agents, knowledge bases, flows, guardrails", (t) => t.split(",").map((m) => m.trim()).filter(Boolean)],
  ["--max-budget <usd>", "max_budget", "budget in USD per budget window", Number],
  ["--budget-duration <d>", "budget_duration", "budget window: 30s, 30m, 30h, 30d, 1mo", String],
  ["--rpm <n>", "rpm_limit", "requests per minute", Number],
  ["--tpm <n>", "tpm_limit", "tokens per minute", Number],
  ["--max-parallel <n>", "max_parallel_requests", "calls in flight at once", Number],
  ["--duration <d>", "duration", "expires after: 30s, 30m, 30h, 30d", String],
  ["--user <id>", "user_id", "user id", String],
  ["--team <id>", "team_id", "team id", String],
  ["--tags <list>", "tags", "tags (comma-separated)", (t) => t.split(",").map((m) => m.trim()).filter(Boolean)],
];

/**
 * `bedrock-gw keys generate|list|info|revoke`: the key management API of a running gateway, with its master key
 * (`--url`/`BEDROCK_GW_URL`, `--master-key`/`BEDROCK_GW_MASTER_KEY`). Answers are printed as JSON.
 */
export function addKeyCommands(program: Command, io: CliIo): void {
  const keys = program
    .command("keys")
    .description("manage virtual keys on a running gateway")
    .option("--url <url>", "the gateway's URL (env BEDROCK_GW_URL)")
    .option("--master-key <key>", "the master key (env BEDROCK_GW_MASTER_KEY)");
  const client = () => {
    const opts = keys.opts<{ url?: string; masterKey?: string }>();
    const masterKey = opts.masterKey ?? io.env.BEDROCK_GW_MASTER_KEY ?? io.env.LITELLM_MASTER_KEY;
    return createKeyAdminClient({
      baseUrl: opts.url ?? io.env.BEDROCK_GW_URL ?? "http://127.0.0.1:4000",
      ...(masterKey ? { masterKey } : {}),
    });
  };
  const print = (value: unknown) => io.out(JSON.stringify(value, null, 2));

  const generate = keys.command("generate").description("issue a key (shown once)");
  for (const [flag, , description] of GENERATE_OPTIONS) generate.option(flag, description);
  generate.action(async (opts: Record<string, string>) => {
    const fields: Record<string, unknown> = {};
    for (const [flag, field, , parse] of GENERATE_OPTIONS) {
      const name = flag.slice(2).split(" ")[0]!.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
      if (opts[name] !== undefined) fields[field] = parse(opts[name]);
    }
    print(await client().generate(fields));
  });
  keys.command("list").description("list keys").action(async () => print(await client().list()));
  keys.command("info <key>").description("a key's settings and spend (the key or its hash)").action(async (key: string) => print(await client().info(key)));
  keys.command("revoke <key>").description("delete a key (the key or its hash)").action(async (key: string) => print(await client().revoke(key)));
}

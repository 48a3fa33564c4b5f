// The built-in config of `serve --simulate` without `--config`: a few model groups of the common families, with
// one group balanced over two regions. No endpoints are named, so every target goes to the simulator.
const SIMULATE_CONFIG_TEXT = `# bedrock-gw built-in demo config (serve --simulate)
model_list:
  - model_name: claude
    litellm_params:
      model: bedrock/us.anthropic.claude-sonnet-4-20250514-v1:0
      aws_region_name: us-east-1
    model_info:
      id: claude-us-east-1
  - model_name: claude
    litellm_params:
      model: bedrock/us.anthropic.claude-sonnet-4-20250514-v1:0
      aws_region_name: us-west-2
    model_info:
      id: claude-us-west-2
  - model_name: nova
    litellm_params:
      model: bedrock/us.amazon.nova-pro-v1:0
      aws_region_name: us-east-1
    model_info:
      id: nova-us-east-1
  - model_name: llama
    litellm_params:
      model: bedrock/meta.llama3-1-8b-instruct-v1:0
      aws_region_name: us-west-2
    model_info:
      id: llama-us-west-2
  - model_name: titan-embed
    litellm_params:
      model: bedrock/amazon.titan-embed-text-v2:0
      aws_region_name: us-east-1
    model_info:
      id: titan-embed-us-east-1
router_settings:
  routing_strategy: simple-shuffle
  fallbacks:
    - claude: [nova]
bedrock_defaults:
  aws_region_name: us-east-1
`;

/**
 * The YAML of the built-in config that `serve --simulate` uses when no `--config` is given: groups `claude`
 * (us-east-1 and us-west-2), `nova`, `llama` and `titan-embed`. Resolve it with `parseConfigText` and a simulator.
 *
 * @example
 * const config = parseConfigText(simulateConfigText(), { env: {}, simulator });
 * config.modelGroups.get("claude")?.length // 2
 */
export function simulateConfigText(): string {
  return SIMULATE_CONFIG_TEXT;
}

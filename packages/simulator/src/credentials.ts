/**
 * The SigV4 credentials a simulator accepts by default. Not frozen: the AWS SDK tags credential objects it is
 * given (`$source`), and a frozen object makes it throw.
 */
export const SIMULATOR_CREDENTIALS: { accessKeyId: string; secretAccessKey: string } = {
  accessKeyId: "AKIASIMULATOREXAMPLE",
  secretAccessKey: "simulatorSecretAccessKey/bedrockGw/EXAMPLE",
};

/**
 * The Bedrock API key a simulator accepts by default, in the long-term key format:
 * `ABSK` + base64(`BedrockAPIKey-<id>-at-<account>:<secret>`).
 */
export const SIMULATOR_API_KEY: string = `ABSK${Buffer.from("BedrockAPIKey-sim0-at-123456789012:simulatorApiKeySecretEXAMPLE").toString("base64")}`;

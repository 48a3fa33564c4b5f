/** An AWS partition: which region names belong to it and the DNS suffix of its service hosts. */
interface Partition {
  id: string;
  regionPattern: RegExp;
  dnsSuffix: string;
  dualStackDnsSuffix: string;
}

// The region patterns and DNS suffixes of the AWS SDK's partitions.json (util-endpoints), with `\w+` narrowed to
// lower-case letters so that typos such as "us west 2" or "US-EAST-1" are caught at start.
const PARTITIONS: readonly Partition[] = [
  { id: "aws", regionPattern: /^(us|eu|ap|sa|ca|me|af|il|mx)-[a-z]+-\d+$/, dnsSuffix: "amazonaws.com", dualStackDnsSuffix: "api.aws" },
  { id: "aws-cn", regionPattern: /^cn-[a-z]+-\d+$/, dnsSuffix: "amazonaws.com.cn", dualStackDnsSuffix: "api.amazonwebservices.com.cn" },
  { id: "aws-us-gov", regionPattern: /^us-gov-[a-z]+-\d+$/, dnsSuffix: "amazonaws.com", dualStackDnsSuffix: "api.aws" },
  { id: "aws-iso", regionPattern: /^us-iso-[a-z]+-\d+$/, dnsSuffix: "c2s.ic.gov", dualStackDnsSuffix: "api.aws.ic.gov" },
  { id: "aws-iso-b", regionPattern: /^us-isob-[a-z]+-\d+$/, dnsSuffix: "sc2s.sgov.gov", dualStackDnsSuffix: "api.aws.scloud" },
  { id: "aws-iso-e", regionPattern: /^eu-isoe-[a-z]+-\d+$/, dnsSuffix: "cloud.adc-e.uk", dualStackDnsSuffix: "api.cloud-aws.adc-e.uk" },
  { id: "aws-iso-f", regionPattern: /^us-isof-[a-z]+-\d+$/, dnsSuffix: "csp.hci.ic.gov", dualStackDnsSuffix: "api.aws.hci.ic.gov" },
  { id: "aws-eusc", regionPattern: /^eusc-de-[a-z]+-\d+$/, dnsSuffix: "amazonaws.eu", dualStackDnsSuffix: "api.amazonwebservices.eu" },
];

function findPartition(region: string): Partition | undefined {
  return PARTITIONS.find((partition) => partition.regionPattern.test(region));
}

/**
 * True when `value` has the shape of an AWS region of a known partition.
 *
 * @example
 * isAwsRegion("us-gov-west-1") // true
 * isAwsRegion("us west 2")     // false
 */
export function isAwsRegion(value: string): boolean {
  return findPartition(value) !== undefined;
}

/**
 * The DNS suffix of a region's partition (`amazonaws.com`, `amazonaws.com.cn`, `c2s.ic.gov`, ...).
 *
 * @example
 * resolveDnsSuffix("cn-north-1")     // "amazonaws.com.cn"
 * resolveDnsSuffix("us-isob-east-1") // "sc2s.sgov.gov"
 */
export function resolveDnsSuffix(region: string): string {
  return findPartition(region)?.dnsSuffix ?? "amazonaws.com";
}

const ARN = /^arn:(aws[a-z-]*):([a-z0-9-]+):([a-z0-9-]*):(\d{12})?:(.+)$/;

/**
 * The region field of an ARN, when it is a region (`arn:aws:bedrock:us-east-1:123456789012:...` → `us-east-1`).
 *
 * @example
 * readArnRegion("arn:aws:bedrock:eu-west-1:123456789012:application-inference-profile/abc") // "eu-west-1"
 * readArnRegion("us.anthropic.claude-3-5-sonnet-20240620-v1:0")                            // undefined
 */
export function readArnRegion(value: string): string | undefined {
  const region = ARN.exec(value)?.[3];
  return region !== undefined && isAwsRegion(region) ? region : undefined;
}

/**
 * True when `value` looks like an ARN (`arn:partition:service:region:account:resource`).
 *
 * @example
 * isArn("arn:aws:iam::123456789012:role/gateway") // true
 */
export function isArn(value: string): boolean {
  return ARN.test(value);
}

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;

/**
 * True when `value` is an IAM role ARN (what `aws_role_name` holds).
 *
 * @example
 * isRoleArn("arn:aws:iam::123456789012:role/gateway") // true
 * isRoleArn("gateway")                                 // false
 */
export function isRoleArn(value: string): boolean {
  return ROLE_ARN.test(value);
}

// `bedrock-runtime.{region}.amazonaws.com`, `bedrock-agent-runtime-fips.{region}...`, `vpce-1a2b.bedrock-runtime.{region}.vpce...`,
// `sts.{region}.amazonaws.com`: the label after the service name is the region the host serves.
const REGIONAL_HOST = /(?:^|\.)(?:bedrock-runtime|bedrock-agent-runtime|sts)(?:-fips)?\.([a-z0-9-]+)\./;

/**
 * The region an AWS regional host serves, read from its name; undefined for other hosts (proxies, localhost).
 *
 * @example
 * readHostRegion("bedrock-runtime.eu-west-1.amazonaws.com") // "eu-west-1"
 * readHostRegion("127.0.0.1:9000")                           // undefined
 */
export function readHostRegion(host: string): string | undefined {
  const region = REGIONAL_HOST.exec(host.toLowerCase())?.[1];
  return region !== undefined && isAwsRegion(region) ? region : undefined;
}

const AWS_DNS_SUFFIXES = [...new Set(PARTITIONS.flatMap((partition) => [partition.dnsSuffix, partition.dualStackDnsSuffix]))];

/**
 * True when a host (with or without port) is under an AWS partition's DNS suffix: a real AWS service endpoint,
 * as opposed to a proxy or a local server.
 *
 * @example
 * isAwsServiceHost("bedrock-runtime.us-east-1.amazonaws.com") // true
 * isAwsServiceHost("127.0.0.1:9000")                          // false
 */
export function isAwsServiceHost(host: string): boolean {
  const hostname = host.toLowerCase().replace(/:\d+$/, "");
  return AWS_DNS_SUFFIXES.some((suffix) => hostname.endsWith(`.${suffix}`));
}

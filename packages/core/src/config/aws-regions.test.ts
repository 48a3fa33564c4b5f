import { describe, expect, it } from "vitest";
import { isArn, isAwsRegion, isAwsServiceHost, isRoleArn, readArnRegion, readHostRegion, resolveDnsSuffix } from "./aws-regions.js";

describe("isAwsRegion", () => {
  it.each(["us-east-1", "us-gov-west-1", "eu-central-2", "cn-north-1", "us-isob-east-1", "us-iso-east-1", "ap-southeast-7", "il-central-1", "mx-central-1", "eu-isoe-west-1", "us-isof-south-1", "eusc-de-east-1"])(
    "accepts %s",
    (region) => expect(isAwsRegion(region)).toBe(true),
  );
  it.each(["us west 2", "US-EAST-1", "us-east", "east-1", "us-east-1a", "xx-east-1", "", "us_east_1", " us-east-1"])(
    "rejects %j",
    (region) => expect(isAwsRegion(region)).toBe(false),
  );
});

describe("resolveDnsSuffix", () => {
  it.each([
    ["us-east-1", "amazonaws.com"],
    ["us-gov-west-1", "amazonaws.com"],
    ["cn-northwest-1", "amazonaws.com.cn"],
    ["us-iso-east-1", "c2s.ic.gov"],
    ["us-isob-east-1", "sc2s.sgov.gov"],
    ["eu-isoe-west-1", "cloud.adc-e.uk"],
    ["us-isof-south-1", "csp.hci.ic.gov"],
    ["eusc-de-east-1", "amazonaws.eu"],
  ])("%s → %s", (region, suffix) => expect(resolveDnsSuffix(region)).toBe(suffix));
});

describe("ARNs", () => {
  it("reads the region of Bedrock ARNs and nothing from ids", () => {
    expect(readArnRegion("arn:aws:bedrock:eu-west-1:123456789012:application-inference-profile/abc123")).toBe("eu-west-1");
    expect(readArnRegion("arn:aws-us-gov:bedrock:us-gov-west-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0")).toBe("us-gov-west-1");
    expect(readArnRegion("arn:aws:iam::123456789012:role/x")).toBeUndefined();
    expect(readArnRegion("us.anthropic.claude-3-5-sonnet-20240620-v1:0")).toBeUndefined();
  });

  it("tells ARNs and role ARNs apart", () => {
    expect(isArn("arn:aws:bedrock:us-east-1:123456789012:provisioned-model/x")).toBe(true);
    expect(isArn("anthropic.claude-v2")).toBe(false);
    expect(isRoleArn("arn:aws:iam::123456789012:role/path/gateway-role")).toBe(true);
    expect(isRoleArn("arn:aws-cn:iam::123456789012:role/x")).toBe(true);
    expect(isRoleArn("arn:aws:iam::123456789012:user/x")).toBe(false);
    expect(isRoleArn("gateway")).toBe(false);
  });
});

describe("hosts", () => {
  it("reads the region an AWS regional host serves", () => {
    expect(readHostRegion("bedrock-runtime.eu-west-1.amazonaws.com")).toBe("eu-west-1");
    expect(readHostRegion("bedrock-agent-runtime-fips.us-gov-west-1.amazonaws.com")).toBe("us-gov-west-1");
    expect(readHostRegion("vpce-0abc-xyz.bedrock-runtime.us-east-2.vpce.amazonaws.com")).toBe("us-east-2");
    expect(readHostRegion("sts.ap-south-1.amazonaws.com")).toBe("ap-south-1");
    expect(readHostRegion("sts.amazonaws.com")).toBeUndefined();
    expect(readHostRegion("127.0.0.1:9000")).toBeUndefined();
    expect(readHostRegion("bedrock-runtime.proxy.example.com")).toBeUndefined();
  });

  it("recognises AWS service hosts of every partition", () => {
    expect(isAwsServiceHost("bedrock-runtime.us-east-1.amazonaws.com")).toBe(true);
    expect(isAwsServiceHost("bedrock-runtime.cn-north-1.amazonaws.com.cn:443")).toBe(true);
    expect(isAwsServiceHost("bedrock-runtime.us-west-2.api.aws")).toBe(true);
    expect(isAwsServiceHost("bedrock-runtime.us-isob-east-1.sc2s.sgov.gov")).toBe(true);
    expect(isAwsServiceHost("localhost:9000")).toBe(false);
    expect(isAwsServiceHost("amazonaws.com.evil.example")).toBe(false);
  });
});

import * as cli from "bedrock-gw";
import * as core from "@bedrock-gw/core";
import * as simulator from "@bedrock-gw/simulator";
import * as client from "@bedrock-gw/client";
import { describe, expect, it } from "vitest";

// The public API of every package, as sorted export names: a change to it shows in this snapshot's diff.
describe("package exports", () => {
  it.each([
    ["@bedrock-gw/core", core],
    ["@bedrock-gw/simulator", simulator],
    ["@bedrock-gw/client", client],
    ["bedrock-gw", cli],
  ])("%s", (_, module) => {
    expect(Object.keys(module).sort()).toMatchSnapshot();
  });
});

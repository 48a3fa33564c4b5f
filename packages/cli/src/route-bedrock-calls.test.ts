import type { Gateway, NodeRequestListener } from "@bedrock-gw/core";
import { describe, expect, it, vi } from "vitest";
import { routeBedrockCalls } from "./route-bedrock-calls.js";

function route(url: string) {
  const handleNode = vi.fn(async () => undefined);
  const app = vi.fn();
  const gateway = { handleNode, logger: { error: vi.fn() } } as unknown as Pick<Gateway, "handleNode" | "logger">;
  routeBedrockCalls(gateway, app as NodeRequestListener)({ url } as never, {} as never);
  return handleNode.mock.calls.length === 1 ? "gateway" : app.mock.calls.length === 1 ? "app" : "none";
}

describe("routeBedrockCalls", () => {
  it.each([
    ["/bedrock/model/claude/converse", "gateway"],
    ["/bedrock", "gateway"],
    ["/bedrock?x=1", "gateway"],
    ["/bedrock/", "gateway"],
    ["/bedrockish/model", "app"],
    ["/health/liveliness", "app"],
    ["/key/generate", "app"],
    ["/", "app"],
  ])("%s goes to the %s", (url, expected) => {
    expect(route(url)).toBe(expected);
  });

  it("a failure outside the gateway's own error handling is logged and the response destroyed, never thrown", async () => {
    const error = vi.fn();
    const destroy = vi.fn();
    const gateway = { handleNode: vi.fn(async () => Promise.reject(new Error("boom"))), logger: { error } } as unknown as Pick<Gateway, "handleNode" | "logger">;
    routeBedrockCalls(gateway, vi.fn())({ url: "/bedrock/x" } as never, { destroy } as never);
    await vi.waitFor(() => expect(destroy).toHaveBeenCalled());
    expect(error).toHaveBeenCalledWith({ err: "boom" }, expect.any(String));
  });
});

import { Agent } from "undici";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it, vi } from "vitest";
import { createClientAbort } from "./client-signal.js";

describe("createClientAbort", () => {
  it("fires each listener once, with the reason, and only the first abort counts", () => {
    const { signal, abort } = createClientAbort();
    const first = vi.fn();
    const removed = vi.fn();
    signal.addEventListener("abort", first, { once: true });
    signal.addEventListener("abort", removed);
    signal.removeEventListener("abort", removed);
    expect(signal.aborted).toBe(false);
    abort(new Error("gone"));
    abort(new Error("again"));
    expect(signal.aborted).toBe(true);
    expect((signal.reason as Error).message).toBe("gone");
    expect(first).toHaveBeenCalledTimes(1);
    expect(removed).not.toHaveBeenCalled();
  });

  it("defaults its reason to an AbortError", () => {
    const { signal, abort } = createClientAbort();
    abort();
    expect((signal.reason as DOMException).name).toBe("AbortError");
  });

  it("aborts an undici request waiting for its response headers", async () => {
    const server = createServer(() => undefined); // never answers
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const agent = new Agent();
    const { signal, abort } = createClientAbort();
    const pending = agent.request({
      origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      path: "/",
      method: "GET",
      signal: signal as AbortSignal,
    });
    setTimeout(() => abort(), 20);
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
    await agent.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
});

import { ConverseStreamCommand } from "@aws-sdk/client-bedrock-runtime";
import { describe, expect, it } from "vitest";
import { TRANSPORTS, createRuntimeClient } from "./support/clients.js";
import { MASTER_KEY, useE2eEnvironment } from "./support/fixtures.js";

const EVENT_GAP_MS = 40;
const longPrompt = "Please stream a long answer about the history of rivers, mountains and the sea, word by word.";

const getEnv = useE2eEnvironment({ chunkDelayMs: EVENT_GAP_MS });

async function waitFor(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.each(TRANSPORTS)("streams (%s)", (transport) => {
  it("ConverseStream events arrive incrementally, as Bedrock sends them, not all at the end", async () => {
    const client = createRuntimeClient(getEnv().gateway.url, MASTER_KEY, transport);
    const sentAt = Date.now();
    const out = await client.send(new ConverseStreamCommand({ modelId: "claude", messages: [{ role: "user", content: [{ text: longPrompt }] }] }));
    const arrivals: number[] = [];
    for await (const _ of out.stream!) arrivals.push(Date.now() - sentAt);
    expect(arrivals.length).toBeGreaterThanOrEqual(6);
    const span = arrivals.at(-1)! - arrivals[0]!;
    // the simulator paces events EVENT_GAP_MS apart; relayed one by one, they keep (most of) that spacing
    expect(span).toBeGreaterThanOrEqual((arrivals.length - 1) * EVENT_GAP_MS * 0.6);
    const gaps = arrivals.slice(1).map((t, i) => t - arrivals[i]!);
    expect(gaps.filter((gap) => gap >= EVENT_GAP_MS * 0.5).length).toBeGreaterThanOrEqual(gaps.length - 2);
  });

  it("a client that aborts mid-stream closes the upstream connection", async () => {
    const client = createRuntimeClient(getEnv().gateway.url, MASTER_KEY, transport);
    const abort = new AbortController();
    const out = await client.send(
      new ConverseStreamCommand({ modelId: "claude", messages: [{ role: "user", content: [{ text: longPrompt }] }] }),
      { abortSignal: abort.signal },
    );
    let events = 0;
    try {
      for await (const _ of out.stream!) {
        if (++events === 2) abort.abort();
      }
    } catch {
      // the HTTP/1.1 handler raises an AbortError here; the HTTP/2 handler just ends the iteration
    }
    expect(events).toBeLessThan(6);
    await waitFor(() => getEnv().simulator.requests.some((r) => r.operation === "ConverseStream" && r.clientAborted));
    const upstream = getEnv().simulator.requests.find((r) => r.operation === "ConverseStream")!;
    expect(upstream.completed).toBe(false);
  });
});

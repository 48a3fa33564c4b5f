import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Agent } from "undici";
import type { Dispatcher } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import { createClientAbort } from "../internal/client-signal.js";
import { UpstreamExchange } from "./upstream-exchange.js";
import type { UpstreamResponse } from "./upstream-exchange.js";

/** A controller like undici's: records pause, resume and abort. */
function fakeController() {
  const controller = {
    paused: false,
    aborted: false,
    reason: null as Error | null,
    pauses: 0,
    resumes: 0,
    pause() {
      controller.paused = true;
      controller.pauses++;
    },
    resume() {
      controller.paused = false;
      controller.resumes++;
    },
    abort(reason: Error) {
      controller.aborted = true;
      controller.reason = reason;
    },
  };
  return controller;
}

function start(signal = createClientAbort().signal) {
  const controller = fakeController();
  let settled: { response?: UpstreamResponse; error?: unknown } = {};
  const exchange = new UpstreamExchange(
    signal,
    (response) => (settled = { response }),
    (error) => (settled = { error }),
  );
  const asController = controller as unknown as Dispatcher.DispatchController;
  exchange.onRequestStart(asController);
  const respond = (status = 200) => {
    exchange.onResponseStart(asController, status, { "content-type": "application/json" });
    return settled.response!;
  };
  return { exchange, controller, asController, respond, settled: () => settled };
}

const bytes = (size: number, fill = 1) => Buffer.alloc(size, fill);

describe("UpstreamExchange", () => {
  it("settles with the status and headers, then hands over the chunks in order and ends", async () => {
    const { exchange, asController, respond } = start();
    const response = respond(200);
    expect(response.status).toBe(200);
    expect(response.headers["content-type"]).toBe("application/json");
    const iterator = response.body[Symbol.asyncIterator]();
    const first = iterator.next();
    exchange.onResponseData(asController, Buffer.from("a"));
    exchange.onResponseData(asController, Buffer.from("b"));
    exchange.onResponseEnd();
    expect(Buffer.from((await first).value!).toString()).toBe("a");
    expect(Buffer.from((await iterator.next()).value!).toString()).toBe("b");
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
  });

  it("reads a whole body arriving before, during and after readAll()", async () => {
    const { exchange, asController, respond } = start();
    const response = respond();
    exchange.onResponseData(asController, Buffer.from("{\"a\":"));
    const whole = response.body.readAll();
    exchange.onResponseData(asController, Buffer.from("1}"));
    exchange.onResponseEnd();
    expect(Buffer.from(await whole).toString()).toBe('{"a":1}');
  });

  it("pauses the socket past 64 KiB unread and resumes once the reader is below it again", async () => {
    const { exchange, controller, asController, respond } = start();
    const response = respond();
    for (let i = 0; i < 4; i++) exchange.onResponseData(asController, bytes(16 * 1024));
    expect(controller.paused).toBe(true);
    const iterator = response.body[Symbol.asyncIterator]();
    await iterator.next();
    expect(controller.paused).toBe(false);
    expect(controller.resumes).toBe(1);
  });

  it("lets readAll() gather past the high-water mark without pausing", async () => {
    const { exchange, controller, asController, respond } = start();
    const whole = respond().body.readAll();
    for (let i = 0; i < 10; i++) exchange.onResponseData(asController, bytes(16 * 1024, i));
    exchange.onResponseEnd();
    expect(controller.pauses).toBe(0);
    const body = await whole;
    expect(body.length).toBe(160 * 1024);
    expect(body[16 * 1024 * 9]).toBe(9);
  });

  it("rejects a pending read and readAll with the reason it is destroyed with, and aborts the call", async () => {
    const { controller, respond } = start();
    const response = respond();
    const pending = response.body[Symbol.asyncIterator]().next();
    const reason = new Error("idle");
    response.body.destroy(reason);
    await expect(pending).rejects.toBe(reason);
    await expect(response.body.readAll()).rejects.toBe(reason);
    expect(controller.reason).toBe(reason);
  });

  it("fails a pending read with its own error when destroyed without a reason (the client left)", async () => {
    const { controller, respond } = start();
    const response = respond();
    const pending = response.body[Symbol.asyncIterator]().next();
    response.body.destroy();
    await expect(pending).rejects.toMatchObject({ code: "UPSTREAM_BODY_DESTROYED" });
    expect(controller.aborted).toBe(true);
  });

  it("discard() drops what is queued and what follows, and closes the connection past 256 KiB", () => {
    const { exchange, controller, asController, respond } = start();
    const response = respond();
    for (let i = 0; i < 4; i++) exchange.onResponseData(asController, bytes(16 * 1024));
    response.body.discard();
    expect(controller.paused).toBe(false);
    expect(controller.aborted).toBe(false);
    for (let i = 0; i < 12; i++) exchange.onResponseData(asController, bytes(16 * 1024));
    expect(controller.aborted).toBe(false);
    exchange.onResponseData(asController, bytes(16 * 1024));
    expect(controller.aborted).toBe(true);
  });

  it("rejects with the error when the call fails before an answer, and passes a later one to the body", async () => {
    const early = start();
    const failure = new Error("connect ECONNREFUSED");
    early.exchange.onResponseError(early.asController, failure);
    expect(early.settled().error).toBe(failure);

    const late = start();
    const response = late.respond();
    const pending = response.body[Symbol.asyncIterator]().next();
    late.exchange.onResponseError(late.asController, failure);
    await expect(pending).rejects.toBe(failure);
  });

  it("waits past 1xx answers for the real one", () => {
    const { exchange, asController, settled } = start();
    exchange.onResponseStart(asController, 100, {});
    expect(settled()).toEqual({});
    exchange.onResponseStart(asController, 503, {});
    expect(settled().response?.status).toBe(503);
  });

  it("aborts the call when the client goes away: before it starts, before the answer, and mid-body", async () => {
    const before = createClientAbort();
    before.abort();
    expect(start(before.signal).controller.aborted).toBe(true);

    const waiting = createClientAbort();
    const beforeAnswer = start(waiting.signal);
    waiting.abort();
    expect(beforeAnswer.controller.aborted).toBe(true);

    const streaming = createClientAbort();
    const midBody = start(streaming.signal);
    const response = midBody.respond();
    const pending = response.body[Symbol.asyncIterator]().next();
    streaming.abort();
    expect(midBody.controller.aborted).toBe(true);
    // undici answers an abort with onResponseError(reason)
    midBody.exchange.onResponseError(midBody.asController, midBody.controller.reason!);
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
  });

  it("rejects at once when the client leaves while the call is still queued in undici", () => {
    const abort = createClientAbort();
    let error: unknown;
    new UpstreamExchange(abort.signal, () => undefined, (reason) => (error = reason));
    abort.abort();
    expect(error).toMatchObject({ name: "AbortError" });
  });
});

describe("UpstreamExchange over a real undici Agent", () => {
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });

  it("relays a 4 MiB body with backpressure, and keeps the connection for the next call", async () => {
    const payload = Buffer.alloc(4 * 1024 * 1024, 7);
    const sockets = new Set<unknown>();
    const server = createServer((req, res) => {
      sockets.add(req.socket);
      res.writeHead(200, { "content-type": "application/octet-stream", "content-length": payload.length });
      res.end(payload);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const agent = new Agent();
    closers.push(() => agent.close(), () => new Promise((resolve) => server.close(() => resolve())));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const send = () =>
      new Promise<UpstreamResponse>((resolve, reject) =>
        agent.dispatch({ origin, path: "/", method: "GET" }, new UpstreamExchange(createClientAbort().signal, resolve, reject)),
      );

    const streamed = await send();
    let received = 0;
    for await (const chunk of streamed.body) {
      received += chunk.length;
      // a slow reader: the socket must be paused meanwhile rather than the body piling up
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(received).toBe(payload.length);

    const whole = await (await send()).body.readAll();
    expect(Buffer.compare(Buffer.from(whole), payload)).toBe(0);
    expect(sockets.size).toBe(1);
  });
});

import { EventStreamCodec } from "@smithy/core/event-streams";
import { fromUtf8, toUtf8 } from "@smithy/core/serde";
import { describe, expect, it } from "vitest";
import { createEventEncoder, createPadding } from "./encode-event.js";

describe("createEventEncoder", () => {
  it("matches the byte-exact messageStop vector of the fact sheet (§4.1)", () => {
    const frame = createEventEncoder().encodeEvent("messageStop", { stopReason: "end_turn" });
    expect(Buffer.from(frame).toString("hex")).toBe(
      "0000007a00000051ca2c46650b3a6576656e742d7479706507000b6d65737361676553746f700d3a636f6e74656e742d747970650700106170706c69636174696f6e2f6a736f6e0d3a6d6573736167652d747970650700056576656e747b2273746f70526561736f6e223a22656e645f7475726e227d5fbf09fc",
    );
  });

  it("encodes exception frames the SDK decodes", () => {
    const frame = createEventEncoder().encodeException("throttlingException", { message: "slow down" });
    const decoded = new EventStreamCodec(toUtf8, fromUtf8).decode(frame);
    expect(decoded.headers[":message-type"]?.value).toBe("exception");
    expect(decoded.headers[":exception-type"]?.value).toBe("throttlingException");
    expect(JSON.parse(toUtf8(decoded.body))).toEqual({ message: "slow down" });
  });
});

describe("createPadding", () => {
  it("is a random-length prefix of Bedrock's alphabet", () => {
    expect(createPadding(() => 0)).toBe("a");
    expect(createPadding(() => 0.5)).toBe("abcdefghijklmnopqrstuvwxyzABCDEF");
    expect(createPadding(() => 0.9999)).toHaveLength(62);
  });
});

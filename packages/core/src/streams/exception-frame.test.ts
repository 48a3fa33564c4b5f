import { EventStreamCodec } from "@smithy/core/event-streams";
import { describe, expect, it } from "vitest";
import { createEventStreamDecoder, decodeJsonPayload } from "./event-stream-decoder.js";
import { encodeExceptionFrame } from "./exception-frame.js";

const codec = new EventStreamCodec(
  (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8"),
  (text) => Buffer.from(text, "utf8"),
);

describe("encodeExceptionFrame", () => {
  it("encodes an exception message that smithy's codec decodes (CRCs included)", () => {
    const frame = encodeExceptionFrame("internalServerException", "upstream connection lost");
    const { headers, body } = codec.decode(frame);
    expect(headers).toEqual({
      ":message-type": { type: "string", value: "exception" },
      ":exception-type": { type: "string", value: "internalServerException" },
      ":content-type": { type: "string", value: "application/json" },
    });
    expect(JSON.parse(Buffer.from(body).toString("utf8"))).toEqual({ message: "upstream connection lost" });
  });

  it("escapes the message as JSON and keeps non-ASCII text intact", () => {
    const message = 'quote " backslash \\ newline \n snowman ☃';
    const frame = encodeExceptionFrame("modelStreamErrorException", message);
    const [decoded] = createEventStreamDecoder().push(frame);
    expect(decoded).toMatchObject({ messageType: "exception", exceptionType: "modelStreamErrorException" });
    expect(decodeJsonPayload(decoded!)).toEqual({ message });
    expect(new DataView(frame.buffer, frame.byteOffset).getUint32(0)).toBe(frame.length);
  });
});

import { describe, expect, it } from "vitest";
import { toErrorResponse } from "./error-response.js";
import { ERROR_SHAPES, GatewayError } from "./gateway-error.js";
import type { GatewayErrorCode } from "./gateway-error.js";

const REQUEST_ID = "3f0c0000-0000-4000-8000-000000000000";

describe("toErrorResponse", () => {
  for (const code of Object.keys(ERROR_SHAPES) as GatewayErrorCode[]) {
    it(`renders ${code} as ${ERROR_SHAPES[code].status} ${ERROR_SHAPES[code].name}`, async () => {
      const message = `something about ${code} went wrong; do this instead`;
      const response = toErrorResponse(new GatewayError(code, message), REQUEST_ID);
      expect(response.status).toBe(ERROR_SHAPES[code].status);
      expect(response.headers.get("content-type")).toBe("application/json");
      expect(response.headers.get("x-amzn-errortype")).toBe(ERROR_SHAPES[code].name);
      expect(response.headers.get("x-amzn-requestid")).toBe(REQUEST_ID);
      expect(response.headers.get("retry-after")).toBeNull();
      expect(await response.json()).toEqual({ message });
    });
  }

  it("maps every code to an error status and an Exception name", () => {
    for (const [code, shape] of Object.entries(ERROR_SHAPES)) {
      expect(shape.status, code).toBeGreaterThanOrEqual(400);
      expect(shape.status, code).toBeLessThan(600);
      expect(shape.name, code).toMatch(/^[A-Z][A-Za-z]+Exception$/);
    }
  });

  it("sends Retry-After in whole seconds, rounded up and never negative", () => {
    const retry = (seconds: number) => {
      const error = new GatewayError("rate-limited", "slow down", { retryAfterSeconds: seconds });
      return toErrorResponse(error, REQUEST_ID).headers.get("retry-after");
    };
    expect(retry(30)).toBe("30");
    expect(retry(0.2)).toBe("1");
    expect(retry(0)).toBe("0");
    expect(retry(-5)).toBe("0");
  });

  it("turns an unknown error into a 500 InternalServerException without leaking its text", async () => {
    const response = toErrorResponse(new Error("db password is hunter2"), REQUEST_ID);
    expect(response.status).toBe(500);
    expect(response.headers.get("x-amzn-errortype")).toBe("InternalServerException");
    const body = (await response.json()) as { message: string };
    expect(body.message).not.toContain("hunter2");
    expect(Object.keys(body)).toEqual(["message"]);
  });

  it("escapes the message as JSON", async () => {
    const message = 'model "claude" has no deployment in region eu-west-1\n(check model_list)';
    const response = toErrorResponse(new GatewayError("not-found", message), REQUEST_ID);
    expect(await response.json()).toEqual({ message });
  });
});

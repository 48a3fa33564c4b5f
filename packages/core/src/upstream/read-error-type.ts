/**
 * The Bedrock exception name in an `x-amzn-ErrorType` value, without the `:http://internal.amazon.com/...` namespace
 * Bedrock appends (the same cut the AWS SDKs make).
 *
 * @example
 * readErrorType("ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/") // "ThrottlingException"
 */
export function readErrorType(value: string | null | undefined): string | undefined {
  return value ? value.split(":")[0] : undefined;
}

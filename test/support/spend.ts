import { MASTER_KEY } from "./fixtures.js";

export interface SpendRow {
  request_id: string;
  model: string | null;
  model_group: string;
  spend: number;
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  input_tokens: number;
  cache_read_input_tokens: number;
  cache_creation_input_tokens: number;
  status: string;
  status_code: number;
  operation: string;
  route_kind: string;
  unpriced: boolean;
  unpriced_reason: string | null;
  partial: boolean;
  streamed: boolean;
  usage_source: string;
  deployment_id: string | null;
  region: string | null;
  end_user: string;
  session_id: string | null;
  request_tags: string[];
  error_type: string | null;
  [field: string]: unknown;
}

/** GET /spend/logs with the master key. */
export async function fetchSpendLogs(gatewayUrl: string, query: string): Promise<{ status: number; rows: SpendRow[]; body: unknown }> {
  const response = await fetch(`${gatewayUrl}/spend/logs?${query}`, { headers: { authorization: `Bearer ${MASTER_KEY}` } });
  const body = await response.json();
  return { status: response.status, rows: Array.isArray(body) ? (body as SpendRow[]) : [], body };
}

/** Polls /spend/logs for one request's row (rows are written in batches, off the request path). */
export async function waitForSpendRow(gatewayUrl: string, requestId: string, timeoutMs = 3000): Promise<SpendRow> {
  const start = Date.now();
  for (;;) {
    const { rows } = await fetchSpendLogs(gatewayUrl, `request_id=${encodeURIComponent(requestId)}`);
    if (rows[0]) return rows[0];
    if (Date.now() - start > timeoutMs) throw new Error(`no spend row for ${requestId} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

import { sql } from "kysely";
import type { ExpressionBuilder, Kysely } from "kysely";
import { readTimeRange } from "./query-spend-page.js";
import type { DailyTotal, ReportGroup } from "./spend-store.js";
import type { StoreDatabase } from "./spend-table.js";

const DAY_MS = 86_400_000;

type SpendExpressions = ExpressionBuilder<StoreDatabase, "spend_logs">;

/**
 * The column each report groups by. Rows without one (no key in dev mode, no end-user header) form the group "".
 * Literals, not parameters, so PostgreSQL sees the SELECT and GROUP BY expressions as the same expression.
 */
const GROUP_EXPRESSIONS: Record<ReportGroup, (eb: SpendExpressions) => ReturnType<typeof sql<string>>> = {
  key: (eb) => sql<string>`coalesce(${eb.ref("key_hash")}, ${sql.lit("")})`,
  model: (eb) => sql<string>`coalesce(${eb.ref("model_group")}, ${eb.ref("model_id")}, ${sql.lit("")})`,
  end_user: (eb) => sql<string>`coalesce(${eb.ref("end_user")}, ${sql.lit("")})`,
};

/**
 * Totals per UTC day and group over `[startTime, endTime)`, ordered by day then group. The day is computed in SQL
 * from the epoch-millisecond start time (integer division in both dialects), so no time-zone setting matters.
 *
 * @example
 * await readDailyReport(db, { groupBy: "model" }) // [{ day: "2026-11-20", group: "claude", requests: 3, cost: 0.01, ... }]
 */
export async function readDailyReport(
  db: Kysely<StoreDatabase>,
  options: { groupBy: ReportGroup; startTime?: Date; endTime?: Date },
): Promise<DailyTotal[]> {
  const group = GROUP_EXPRESSIONS[options.groupBy];
  const dayNumber = (eb: SpendExpressions) => sql<number>`${eb.ref("start_time")} / ${sql.lit(DAY_MS)}`;
  const rows = await db
    .selectFrom("spend_logs")
    .select((eb) => [
      dayNumber(eb).as("day_number"),
      group(eb).as("group_key"),
      eb.fn.countAll().as("requests"),
      eb.fn.sum("cost").as("cost"),
      eb.fn.sum("unpriced").as("unpriced_requests"),
      eb.fn.sum("input_tokens").as("input_tokens"),
      eb.fn.sum("output_tokens").as("output_tokens"),
      eb.fn.sum("cache_read_input_tokens").as("cache_read_input_tokens"),
      eb.fn.sum("cache_write_input_tokens").as("cache_write_input_tokens"),
    ])
    .where((eb) => eb.and(readTimeRange(eb, options)))
    .groupBy((eb) => [dayNumber(eb), group(eb)])
    .orderBy("day_number")
    .orderBy("group_key")
    .execute();
  return rows.map((row) => ({
    day: new Date(Number(row.day_number) * DAY_MS).toISOString().slice(0, 10),
    group: row.group_key,
    requests: Number(row.requests),
    cost: Number(row.cost ?? 0),
    unpricedRequests: Number(row.unpriced_requests ?? 0),
    inputTokens: Number(row.input_tokens ?? 0),
    outputTokens: Number(row.output_tokens ?? 0),
    cacheReadInputTokens: Number(row.cache_read_input_tokens ?? 0),
    cacheWriteInputTokens: Number(row.cache_write_input_tokens ?? 0),
  }));
}

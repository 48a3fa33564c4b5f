import type { ExpressionBuilder, Kysely } from "kysely";
import { decodeSpendRow } from "./encode-spend-row.js";
import { decodeSpendCursor, encodeSpendCursor } from "./spend-cursor.js";
import type { SpendFilter, SpendPage } from "./spend-store.js";
import type { StoreDatabase } from "./spend-table.js";

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

type SpendExpressions = ExpressionBuilder<StoreDatabase, "spend_logs">;

/**
 * Reads one page of spend rows, newest first (start time, then request id, both descending), by keyset: the
 * cursor is the last row seen, so pages never skip or repeat rows even while new rows arrive.
 *
 * @example
 * const page = await querySpendPage(db, { keyHash, limit: 50 });
 * const next = page.nextCursor ? await querySpendPage(db, { keyHash, limit: 50, cursor: page.nextCursor }) : undefined;
 */
export async function querySpendPage(db: Kysely<StoreDatabase>, filter: SpendFilter): Promise<SpendPage> {
  const limit = resolveLimit(filter.limit);
  const after = filter.cursor === undefined ? undefined : decodeSpendCursor(filter.cursor);
  const rows = await db
    .selectFrom("spend_logs")
    .selectAll()
    .where((eb) => eb.and(readConditions(eb, filter)))
    .$if(after !== undefined, (qb) =>
      qb.where((eb) =>
        eb(eb.refTuple("start_time", "request_id"), "<", eb.tuple(after?.startTime ?? 0, after?.requestId ?? "")),
      ),
    )
    .orderBy("start_time", "desc")
    .orderBy("request_id", "desc")
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit).map(decodeSpendRow);
  const last = page.at(-1);
  return rows.length > limit && last
    ? { rows: page, nextCursor: encodeSpendCursor({ startTime: last.startTime.getTime(), requestId: last.requestId }) }
    : { rows: page };
}

/** Filter fields matched exactly → their column. */
const EXACT_FILTERS = [
  ["keyHash", "key_hash"],
  ["userId", "user_id"],
  ["endUser", "end_user"],
  ["requestId", "request_id"],
] as const;

function readConditions(eb: SpendExpressions, filter: SpendFilter) {
  const conditions = [];
  for (const [field, column] of EXACT_FILTERS) {
    const value = filter[field];
    if (value !== undefined) conditions.push(eb(column, "=", value));
  }
  if (filter.model !== undefined) conditions.push(eb.or([eb("model_group", "=", filter.model), eb("model_id", "=", filter.model)]));
  conditions.push(...readTimeRange(eb, filter));
  return conditions;
}

/**
 * `[startTime, endTime)` as conditions on `start_time`.
 *
 * @example
 * db.selectFrom("spend_logs").where((eb) => eb.and(readTimeRange(eb, { startTime, endTime })))
 */
export function readTimeRange(eb: SpendExpressions, range: { startTime?: Date; endTime?: Date }) {
  const conditions = [];
  if (range.startTime !== undefined) conditions.push(eb("start_time", ">=", range.startTime.getTime()));
  if (range.endTime !== undefined) conditions.push(eb("start_time", "<", range.endTime.getTime()));
  return conditions;
}

function resolveLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_LIMIT;
  return Math.min(MAX_LIMIT, Math.max(1, Math.floor(limit)));
}

import type { Kysely } from "kysely";
import { KeyConflictError } from "../keys/key-conflict-error.js";
import type { KeyListFilter, KeyPatch, KeyStore, VirtualKey } from "../keys/virtual-key.js";
import { decodeKeyRow, decodePreviousHashes, encodeKeyPatch, encodeKeyRow } from "./encode-key-row.js";
import type { StoreDatabase } from "./spend-table.js";

export interface KyselyKeyStoreOptions {
  /** already scoped to its schema (`withSchema`) where the dialect has schemas */
  db: Kysely<StoreDatabase>;
  /** stamps `updated_at` when a patch does not */
  clock?: () => number;
}

const DEFAULT_PAGE_SIZE = 100;
const MAX_PAGE_SIZE = 1000;
/** keys per DELETE statement, far under either dialect's parameter limit */
const DELETE_CHUNK = 500;

/**
 * A `KeyStore` over the `virtual_keys` table of any Kysely database with the store schema (migration 2): the part
 * SQLite and PostgreSQL share. Unique violations become `KeyConflictError`s naming the alias or the hash.
 *
 * @example
 * const keys = createKyselyKeyStore({ db });
 * await keys.createKey(key);
 * await keys.getKeyByAlias("ci") // the key
 */
export function createKyselyKeyStore(options: KyselyKeyStoreOptions): KeyStore {
  const { db } = options;
  const clock = options.clock ?? Date.now;
  const readRow = (column: "key_hash" | "key_alias", value: string) =>
    db.selectFrom("virtual_keys").selectAll().where(column, "=", value).executeTakeFirst();
  const getKey = async (keyHash: string) => {
    const row = await readRow("key_hash", keyHash);
    return row && decodeKeyRow(row);
  };

  return {
    async createKey(key: VirtualKey) {
      try {
        await db.insertInto("virtual_keys").values(encodeKeyRow(key)).execute();
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        if (await readRow("key_hash", key.keyHash)) throw hashConflict(error);
        throw aliasConflict(key.keyAlias, error);
      }
    },
    getKey,
    async getKeyByAlias(alias: string) {
      const row = await readRow("key_alias", alias);
      return row && decodeKeyRow(row);
    },
    listKeys: (filter) => listKeyPage(db, filter),
    async updateKey(keyHash: string, patch: KeyPatch) {
      try {
        const result = await db.updateTable("virtual_keys").set(encodeKeyPatch(patch, clock())).where("key_hash", "=", keyHash).executeTakeFirst();
        if (Number(result.numUpdatedRows) === 0) return undefined;
      } catch (error) {
        if (isUniqueViolation(error)) throw aliasConflict(patch.keyAlias ?? undefined, error);
        throw error;
      }
      return await getKey(keyHash);
    },
    async rehashKey(oldHash: string, newHash: string, newPreview: string) {
      const row = await readRow("key_hash", oldHash);
      if (!row) return undefined;
      const previous = [...decodePreviousHashes(row), oldHash];
      try {
        const result = await db
          .updateTable("virtual_keys")
          .set({ key_hash: newHash, key_preview: newPreview, previous_key_hashes: JSON.stringify(previous), updated_at: clock() })
          // the earlier hashes as read: a regeneration that ran in between makes this one find nothing
          .where("key_hash", "=", oldHash)
          .where("previous_key_hashes", "=", row.previous_key_hashes)
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) === 0) return undefined;
      } catch (error) {
        if (isUniqueViolation(error)) throw hashConflict(error);
        throw error;
      }
      return await getKey(newHash);
    },
    async deleteKeys(keyHashes: readonly string[]) {
      let deleted = 0;
      const unique = [...new Set(keyHashes)];
      for (let start = 0; start < unique.length; start += DELETE_CHUNK) {
        const chunk = unique.slice(start, start + DELETE_CHUNK);
        const result = await db.deleteFrom("virtual_keys").where("key_hash", "in", chunk).executeTakeFirst();
        deleted += Number(result.numDeletedRows);
      }
      return deleted;
    },
    async sumSpend(keyHash: string, since?: Date) {
      const row = await db.selectFrom("virtual_keys").select("previous_key_hashes").where("key_hash", "=", keyHash).executeTakeFirst();
      const hashes = [keyHash, ...(row ? decodePreviousHashes(row) : [])];
      const total = await db
        .selectFrom("spend_logs")
        .select((eb) => eb.fn.sum<number | string | null>("cost").as("total"))
        .where("key_hash", "in", hashes)
        .$if(since !== undefined, (qb) => qb.where("start_time", ">=", since?.getTime() ?? 0))
        .executeTakeFirst();
      return Number(total?.total ?? 0);
    },
  };
}

async function listKeyPage(db: Kysely<StoreDatabase>, filter: KeyListFilter): Promise<{ keys: VirtualKey[]; total: number }> {
  const size = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(filter.size ?? DEFAULT_PAGE_SIZE)));
  const page = Math.max(1, Math.floor(filter.page ?? 1));
  const filtered = db
    .selectFrom("virtual_keys")
    .$if(filter.userId !== undefined, (qb) => qb.where("user_id", "=", filter.userId ?? ""))
    .$if(filter.teamId !== undefined, (qb) => qb.where("team_id", "=", filter.teamId ?? ""))
    .$if(filter.keyAlias !== undefined, (qb) => qb.where("key_alias", "=", filter.keyAlias ?? ""));
  const [count, rows] = await Promise.all([
    filtered.select((eb) => eb.fn.countAll<number | string>().as("total")).executeTakeFirst(),
    filtered
      .selectAll()
      .orderBy("created_at", "desc")
      .orderBy("key_hash")
      .limit(size)
      .offset((page - 1) * size)
      .execute(),
  ]);
  return { keys: rows.map(decodeKeyRow), total: Number(count?.total ?? 0) };
}

function aliasConflict(alias: string | undefined, cause: unknown): KeyConflictError {
  const named = alias === undefined ? "the key_alias" : `key_alias ${JSON.stringify(alias)}`;
  return new KeyConflictError("keyAlias", `${named} is already used by another key; choose another alias`, { cause });
}

function hashConflict(cause: unknown): KeyConflictError {
  return new KeyConflictError("keyHash", "a key with this value (the same hash) exists already", { cause });
}

/** PostgreSQL's unique_violation (23505), or SQLite's unique / primary key constraint, anywhere in the cause chain. */
function isUniqueViolation(error: unknown): boolean {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    const codes = [readCode(cause, "code"), readCode(cause, "extendedCode")];
    if (codes.includes("23505") || codes.includes("SQLITE_CONSTRAINT_UNIQUE") || codes.includes("SQLITE_CONSTRAINT_PRIMARYKEY")) return true;
    if (codes.includes("SQLITE_CONSTRAINT") && /UNIQUE constraint failed/.test(cause.message)) return true;
  }
  return false;
}

function readCode(error: Error, property: "code" | "extendedCode"): unknown {
  return property in error ? (error as unknown as Record<string, unknown>)[property] : undefined;
}

import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeFullSpendRecord, makeSpendRecord } from "./fixtures/spend-records.js";
import { createSpillFile, decodeSpillLine, encodeSpillLine } from "./spill-file.js";
import type { SpendRecord } from "./spend-record.js";

describe("spill lines", () => {
  it("round-trip a record with its dates", () => {
    const record = makeFullSpendRecord("r1");
    const line = encodeSpillLine(record);
    expect(line).not.toContain("\n");
    expect(JSON.parse(line)).toMatchObject({ startTime: "2026-11-21T10:00:00.123Z" });
    expect(decodeSpillLine(line)).toEqual(record);
  });

  it.each(["", "{", "null", "[]", '{"requestId":1}', '{"requestId":"a","startTime":"nope","endTime":"2026-11-21T10:00:00Z"}'])("refuse %j", (line) => {
    expect(decodeSpillLine(line)).toBeUndefined();
  });
});

describe("createSpillFile", () => {
  let dir: string;
  let path: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "bgw-spill-"));
    path = join(dir, "nested", "spill.jsonl");
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const lines = async (file: string) => (await readFile(file, "utf8")).split("\n").filter(Boolean);
  const records = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => makeSpendRecord({ requestId: `${prefix}${i}` }));

  it("appends in the background, creates the directory, and flush waits for the disk", async () => {
    const spill = createSpillFile({ path });
    spill.append(records("a", 3));
    spill.append(records("b", 2));
    expect(existsSync(path)).toBe(false); // nothing touches the disk synchronously
    expect(spill.pending).toBe(2); // the first append is being written; the second waits for it
    await spill.flush();
    expect(spill.pending).toBe(0);
    expect((await lines(path)).map((line) => decodeSpillLine(line)?.requestId)).toEqual(["a0", "a1", "a2", "b0", "b1"]);
  });

  it("replays in batches, removes the file, and sets aside lines that are not records", async () => {
    const spill = createSpillFile({ path });
    spill.append(records("r", 5));
    await spill.flush();
    await writeFile(path, `${await readFile(path, "utf8")}{"requestId":"cut-off\n\n`);
    const batches: string[][] = [];
    const count = await spill.replay(async (rows) => {
      batches.push(rows.map((row) => row.requestId));
    }, 2);
    expect(count).toBe(5);
    expect(batches).toEqual([["r0", "r1"], ["r2", "r3"], ["r4"]]);
    expect(existsSync(path)).toBe(false);
    expect(existsSync(`${path}.replaying`)).toBe(false);
    expect(await lines(`${path}.rejected`)).toEqual(['{"requestId":"cut-off']);
    expect(await spill.replay(async () => {}, 2)).toBe(0);
  });

  it("keeps the file when the insert fails, and finishes it on the next replay", async () => {
    const spill = createSpillFile({ path });
    spill.append(records("r", 3));
    await spill.flush();
    const inserted: string[] = [];
    let failing = true;
    const insert = async (rows: SpendRecord[]) => {
      if (failing) throw new Error("database down");
      inserted.push(...rows.map((row) => row.requestId));
    };
    await expect(spill.replay(insert, 10)).rejects.toThrow("database down");
    expect(await lines(`${path}.replaying`)).toHaveLength(3);
    spill.append(records("later", 2));
    await spill.flush();
    failing = false;
    expect(await spill.replay(insert, 10)).toBe(5);
    expect(inserted).toEqual(["r0", "r1", "r2", "later0", "later1"]);
    expect(existsSync(path) || existsSync(`${path}.replaying`)).toBe(false);
  });

  it("loses nothing appended while a replay is reading", async () => {
    const spill = createSpillFile({ path });
    spill.append(records("old", 3));
    await spill.flush();
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const inserted: string[] = [];
    const replay = spill.replay(async (rows) => {
      await gate;
      inserted.push(...rows.map((row) => row.requestId));
    }, 10);
    await new Promise((resolve) => setTimeout(resolve, 20));
    spill.append(records("new", 2));
    await spill.flush();
    release();
    await replay;
    // the replay's second pass took the new file too, or it waits for the next replay; either way nothing is gone
    await spill.replay(async (rows) => void inserted.push(...rows.map((row) => row.requestId)), 10);
    expect(inserted.sort()).toEqual(["new0", "new1", "old0", "old1", "old2"]);
    expect(existsSync(path) || existsSync(`${path}.replaying`)).toBe(false);
  });

  it("keeps lines it could not write and reports the error on flush", async () => {
    await writeFile(join(dir, "nested"), "a file where the directory should be");
    const errors: string[] = [];
    const spill = createSpillFile({ path, logger: { warn: () => {}, error: (_obj, msg) => void errors.push(msg) } });
    spill.append(records("r", 2));
    await expect(spill.flush()).rejects.toThrow();
    expect(spill.pending).toBe(2);
    expect(errors[0]).toMatch(/spill file/);
  });
});

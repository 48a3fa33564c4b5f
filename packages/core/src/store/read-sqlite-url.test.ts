import { describe, expect, it } from "vitest";
import { readSqliteUrl } from "./read-sqlite-url.js";

const CWD = "/srv/gateway";

describe("readSqliteUrl", () => {
  it.each([
    ["file:/data/bedrock-gw.db", "/data/bedrock-gw.db"],
    ["file:///data/bedrock-gw.db", "/data/bedrock-gw.db"],
    ["file://localhost/data/bedrock-gw.db", "/data/bedrock-gw.db"],
    ["file://LOCALHOST/data/bedrock-gw.db", "/data/bedrock-gw.db"],
    ["FILE:/data/bedrock-gw.db", "/data/bedrock-gw.db"],
    ["file:/data/my%20data/gw%231.db", "/data/my data/gw#1.db"],
    ["file:/data/a/../gw.db", "/data/gw.db"],
    ["file:relative.db", "/srv/gateway/relative.db"],
    ["file:data/relative.db", "/srv/gateway/data/relative.db"],
    ["file:./relative.db", "/srv/gateway/relative.db"],
    ["file:../up.db", "/srv/up.db"],
    // accepted and ignored, as @libsql/client did on a file URL (they configure a remote connection)
    ["file:/data/gw.db?tls=0", "/data/gw.db"],
    ["file:/data/gw.db?authToken=secret&tls=1", "/data/gw.db"],
    ["file:/data/gw.db?", "/data/gw.db"],
  ])("reads %s as the file %s", (url, path) => {
    expect(readSqliteUrl(url, CWD)).toEqual({ kind: "file", path });
  });

  it("resolves a relative path against the working directory by default", () => {
    expect(readSqliteUrl("file:gw.db")).toEqual({ kind: "file", path: `${process.cwd()}/gw.db` });
  });

  it.each([":memory:", "file::memory:", "FILE::memory:", "file::memory:?cache=private", "file:/data/gw.db?mode=memory", "file:gw?mode=memory&cache=private"])(
    "reads %s as a private in-memory database",
    (url) => {
      expect(readSqliteUrl(url, CWD)).toEqual({ kind: "memory", filename: ":memory:" });
    },
  );

  it.each([
    ["file::memory:?cache=shared", "file::memory:?mode=memory&cache=shared"],
    ["file:gw?mode=memory&cache=shared", "file:gw?mode=memory&cache=shared"],
    ["file:///gw?cache=shared&mode=memory", "file:/gw?mode=memory&cache=shared"],
  ])("reads %s as a shared-cache in-memory database named by a SQLite URI", (url, filename) => {
    expect(readSqliteUrl(url, CWD)).toEqual({ kind: "memory", filename });
  });

  it.each([
    ["file:/data/gw.db?mode=ro", /mode="ro" is not supported; use mode=memory/],
    ["file:/data/gw.db?cache=shared", /query parameter "cache" is not supported; only mode=memory/],
    ["file:/data/gw.db?journal_mode=wal", /query parameter "journal_mode" is not supported/],
    ["file:/data/gw.db?tls=yes", /tls="yes" is not supported; use tls=0 or tls=1/],
    ["file::memory:?tls=0", /query parameter "tls" is not supported for an in-memory database/],
    ["file::memory:?cache=none", /cache="none" is not supported; use cache=shared or cache=private/],
    ["file:/data/gw.db#main", /a fragment/],
    ["file://db-host/data/gw.db", /names a file on this host, not on "db-host"/],
    ["file://localhost:5/data/gw.db", /not on "localhost:5"/],
    ["file://user:hunter2@localhost/data/gw.db", /cannot carry a user name or password/],
    ["file:", /names no file/],
    ["file://", /names no file/],
    ["file:/data/gw%ZZ.db", /invalid percent-encoding/],
    ["file:/data/gw%00.db", /NUL character/],
    ["libsql://gw.turso.io", /use a file: URL/],
    ["postgres://u:p@db/gw", /use a file: URL/],
    ["/data/gw.db", /use a file: URL/],
    ["", /use a file: URL/],
  ])("refuses %s, saying why", (url, reason) => {
    expect(() => readSqliteUrl(url, CWD)).toThrow(reason);
  });

  it("names the URL in the error without its secrets", () => {
    expect(() => readSqliteUrl("file:/data/gw.db?authToken=s3cret&vfs=unix", CWD)).toThrow('SQLite URL "file:/data/gw.db?authToken=****&vfs=unix"');
    expect(() => readSqliteUrl("libsql://me:s3cret@gw.turso.io", CWD)).toThrow('SQLite URL "libsql://****@gw.turso.io"');
  });
});

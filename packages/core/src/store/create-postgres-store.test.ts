import { afterAll, describe, expect, it } from "vitest";
import { createPostgresStore } from "./create-postgres-store.js";
import { createTestSchemaName, dropTestSchema } from "./fixtures/postgres-schema.js";
import { makeSpendRecord } from "./fixtures/spend-records.js";
import { describeSpendStore } from "./spend-store.test-suite.js";

const DATABASE_URL = process.env.DATABASE_URL;
const skip = !DATABASE_URL;
const suiteName = skip ? "PostgreSQL store suite (DATABASE_URL not set)" : "PostgreSQL store suite";

describeSpendStore(
  suiteName,
  async () => {
    const connectionString = DATABASE_URL ?? "";
    const schema = createTestSchemaName();
    const store = createPostgresStore({ connectionString, schema });
    return {
      store,
      openPeer: () => createPostgresStore({ connectionString, schema }),
      cleanup: async () => {
        await store.close();
        await dropTestSchema(connectionString, schema);
      },
    };
  },
  { skip },
);

describe.skipIf(skip)(skip ? "createPostgresStore (DATABASE_URL not set)" : "createPostgresStore", () => {
  const schemas: string[] = [];
  afterAll(async () => {
    for (const schema of schemas) await dropTestSchema(DATABASE_URL ?? "", schema);
  });

  it("keeps schemas apart: a store sees only its own schema's rows", async () => {
    const [a, b] = [createTestSchemaName(), createTestSchemaName()];
    schemas.push(a, b);
    const storeA = createPostgresStore({ connectionString: DATABASE_URL ?? "", schema: a });
    const storeB = createPostgresStore({ connectionString: DATABASE_URL ?? "", schema: b });
    try {
      await Promise.all([storeA.migrate(), storeB.migrate()]);
      await storeA.insertSpend([makeSpendRecord({ requestId: "only-in-a" })]);
      expect((await storeA.querySpend({})).rows).toHaveLength(1);
      expect((await storeB.querySpend({})).rows).toHaveLength(0);
    } finally {
      await Promise.all([storeA.close(), storeB.close()]);
    }
  });

  it("fails ping, not the process, when the server cannot be reached", async () => {
    const store = createPostgresStore({ connectionString: "postgres://postgres@127.0.0.1:1/none", pool: { connectionTimeoutMillis: 1000 } });
    await expect(store.ping()).rejects.toThrow();
    await store.close();
  });
});

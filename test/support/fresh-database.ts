import { randomBytes } from "node:crypto";
import pg from "pg";

export interface FreshDatabase {
  /** the connection URL of the new database */
  url: string;
  name: string;
  /** drops the database (forcing out connections left open) */
  drop(): Promise<void>;
}

/** Creates an empty PostgreSQL database next to the one `adminUrl` names, for one test file's gateways. */
export async function createFreshDatabase(adminUrl: string, prefix: string): Promise<FreshDatabase> {
  const name = `${prefix}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async drop() {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/connect.js';

const url = process.env.TEST_DATABASE_URL;

describe.skipIf(!url)('migrations on PostgreSQL', () => {
  it('migrate a schema while other schemas are created and dropped on the same database', async () => {
    const churn = new pg.Client({ connectionString: url });
    await churn.connect();
    let stop = false;
    // Another server's tests (or a bench) creating and dropping their schemas meanwhile.
    const churning = (async () => {
      while (!stop) {
        const other = `churn_${randomBytes(4).toString('hex')}`;
        await churn.query(
          `CREATE SCHEMA ${other}; ${Array.from({ length: 20 }, (_, t) => `CREATE TABLE ${other}.t${t} (id serial primary key, v text)`).join('; ')}`,
        );
        await churn.query(`DROP SCHEMA ${other} CASCADE`);
      }
    })();
    const schemas: string[] = [];
    try {
      for (let i = 0; i < 16; i++) {
        const schema = `mig_${randomBytes(4).toString('hex')}`;
        schemas.push(schema);
        const handle = await openDatabase({ databaseUrl: url, pgSchema: schema, poolSize: 1 });
        const { rows } = await sql<{ n: number }>`
          SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = ${schema} AND tablename = 'expenses'`.execute(
          handle.db,
        );
        expect(rows[0]?.n).toBe(1);
        await handle.destroy();
      }
    } finally {
      stop = true;
      await churning;
      for (const s of schemas) await churn.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
      await churn.end();
    }
  }, 120_000);
});

/**
 * The databases every server test runs on: SQLite always, PostgreSQL when TEST_DATABASE_URL is set.
 * Each test app gets its own database (a fresh in-memory SQLite, or a fresh PostgreSQL schema), so
 * test files can run in parallel and never see each other's rows.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type DatabaseHandle, openDatabase } from '../../server/db/connect.js';
import type { DialectName } from '../../server/db/dialect.js';

export const DIALECTS: DialectName[] = process.env.TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];

export async function openTestDatabase(dialect: DialectName): Promise<DatabaseHandle> {
  if (dialect === 'sqlite') return openDatabase({ sqliteFile: ':memory:' });
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set');
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const handle = await openDatabase({ databaseUrl: url, pgSchema: schema, poolSize: 4 });
  return {
    ...handle,
    async destroy() {
      await handle.destroy();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.end();
    },
  };
}

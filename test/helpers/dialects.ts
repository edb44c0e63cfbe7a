/**
 * The databases every server test runs on: SQLite always, PostgreSQL when TEST_DATABASE_URL is set.
 * Each test app gets a database of its own — a fresh in-memory SQLite, or a PostgreSQL schema that
 * no other test is using — so test files run in parallel and never see each other's rows.
 *
 * PostgreSQL schemas are migrated once and then reused within a test worker: when a test is done
 * its schema is emptied (TRUNCATE) and handed to the next test, since running every migration for
 * every test was most of the suite's time. Schema names carry the run's start time so the global
 * setup can drop what a killed run left behind.
 */
import { randomBytes } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import { inject, onTestFinished } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../../server/db/connect.js';
import type { DialectName } from '../../server/db/dialect.js';
import type { Database } from '../../server/db/schema.js';

export const DIALECTS: DialectName[] = process.env.TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];

/** Every schema the suite creates is `t_<epoch seconds>_<run id>_<random>`. */
const SCHEMA_PATTERN = '^t_[0-9]+_[0-9a-f]+_[0-9a-f]+$';

declare module 'vitest' {
  export interface ProvidedContext {
    testRunId: string;
  }
}

interface PooledSchema {
  handle: DatabaseHandle;
  schema: string;
}

const idle: PooledSchema[] = [];

async function emptySchema({ handle, schema }: PooledSchema): Promise<void> {
  const pool = handle.pgPool!;
  const { rows } = await pool.query<{ tablename: string }>(
    "SELECT tablename FROM pg_tables WHERE schemaname = $1 AND tablename NOT LIKE 'kysely_migration%'",
    [schema],
  );
  if (rows.length === 0) return;
  // Through the handle's Kysely instance, as the server's own writes go: the members it keeps
  // between requests (auth/member-cache.ts) are dropped before the next test signs anyone in.
  await sql
    .raw(`TRUNCATE ${rows.map((r) => `${schema}."${r.tablename}"`).join(', ')} CASCADE`)
    .execute(handle.db);
}

export async function openTestDatabase(dialect: DialectName): Promise<DatabaseHandle> {
  if (dialect === 'sqlite') return openDatabase({ sqliteFile: ':memory:' });
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set');
  let entry = idle.pop();
  if (!entry) {
    const runId = inject('testRunId') ?? '0';
    const schema = `t_${Math.floor(Date.now() / 1000)}_${runId}_${randomBytes(4).toString('hex')}`;
    entry = { schema, handle: await openDatabase({ databaseUrl: url, pgSchema: schema, poolSize: 4 }) };
  }
  const pooled = entry;
  let released = false;
  return {
    ...pooled.handle,
    async destroy() {
      if (released) return;
      released = true;
      try {
        await emptySchema(pooled);
        idle.push(pooled);
      } catch {
        // A schema we cannot empty is not reused; the global setup drops it on the next run.
        await pooled.handle.destroy().catch(() => {});
      }
    },
  };
}

/**
 * Drops test schemas: those of `runId` (its own run, at teardown), or any older than
 * `olderThanSeconds` (left by runs that were killed before their teardown).
 */
export async function dropTestSchemas(
  url: string,
  which: { runId: string } | { olderThanSeconds: number },
): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query<{ nspname: string }>(
      'SELECT nspname FROM pg_namespace WHERE nspname ~ $1',
      [SCHEMA_PATTERN],
    );
    const cutoff = 'olderThanSeconds' in which ? Date.now() / 1000 - which.olderThanSeconds : 0;
    for (const { nspname } of rows) {
      const [, born, run] = nspname.split('_');
      const drop = 'runId' in which ? run === which.runId : Number(born) < cutoff;
      if (drop) await c.query(`DROP SCHEMA IF EXISTS ${nspname} CASCADE`);
    }
  } finally {
    await c.end();
  }
}

/**
 * A database no other test shares and that is not recycled afterwards: for tests that run a
 * migration down and up again. Migrated to the latest; dropped when the test finishes.
 */
export async function openOwnDatabase(dialect: DialectName): Promise<Kysely<Database>> {
  if (dialect === 'sqlite') {
    const handle = await openDatabase({ sqliteFile: ':memory:' });
    onTestFinished(() => handle.destroy());
    return handle.db;
  }
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set');
  const schema = `mig_${randomBytes(5).toString('hex')}`;
  const handle = await openDatabase({ databaseUrl: url, pgSchema: schema, poolSize: 2 });
  onTestFinished(async () => {
    await handle.destroy();
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await c.end();
  });
  return handle.db;
}

/**
 * The PostgreSQL database the benches use, the same for all of them: BENCH_DATABASE_URL, else
 * TEST_DATABASE_URL, else the local test database; undefined when it does not answer, so a bench
 * then runs on SQLite alone.
 */
import pg from 'pg';

export async function benchPostgresUrl(): Promise<string | undefined> {
  const url =
    process.env.BENCH_DATABASE_URL ||
    process.env.TEST_DATABASE_URL ||
    'postgres://postgres@127.0.0.1:5432/test';
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.end();
    return url;
  } catch {
    console.log('PostgreSQL does not answer: SQLite only.');
    return undefined;
  }
}

/** Drops a bench's schema with everything in it. */
export async function dropSchema(url: string, schema: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await c.end();
  }
}

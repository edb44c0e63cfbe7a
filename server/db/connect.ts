/**
 * Opens the database: SQLite (better-sqlite3, WAL) by default, PostgreSQL (pg) when a URL is given.
 * Applies every migration before returning, so a started server always has the current schema.
 */

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import {
  type DatabaseIntrospector,
  Kysely,
  Migrator,
  PostgresDialect,
  type PostgresPool,
  type PostgresPoolClient,
  SqliteDialect,
  sql,
} from 'kysely';
import pg from 'pg';
import { capabilitiesFor, type DialectCapabilities } from './dialect.js';
import {
  DirectoryWatch,
  listenForDirectoryChanges,
  registerDirectoryWatch,
  trackDirectoryWrites,
  writesDirectory,
} from './directory-watch.js';
import { migrations } from './migrations/index.js';
import type { Database } from './schema.js';
import { FALLBACK_AUTOCHECKPOINT_PAGES, startCheckpointer } from './sqlite-checkpointer.js';
import { registerSqliteNow } from './sqlite-now.js';

// int8 (bigint) and numeric come back from pg as strings; our money values are guarded to stay
// within Number.MAX_SAFE_INTEGER, so plain numbers are exact (kysely recipes/0002-data-types).
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: DialectCapabilities;
  /** The pg pool, when on PostgreSQL (pg-boss shares the connection string, not the pool). */
  pgPool?: pg.Pool;
  destroy(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** postgres:// URL; when absent, SQLite. */
  databaseUrl?: string | undefined;
  /** PostgreSQL schema to use (tests isolate each app in its own schema). Created if missing. */
  pgSchema?: string;
  /** SQLite file path, or ':memory:'. */
  sqliteFile?: string;
  /** Pool size for PostgreSQL. */
  poolSize?: number;
}

export function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  return options.databaseUrl ? openPostgres(options.databaseUrl, options) : openSqlite(options);
}

async function openPostgres(url: string, options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  const schema = options.pgSchema;
  if (schema && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid schema name ${schema}`);
  if (schema) {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await c.end();
  }
  const connection = {
    connectionString: url,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  };
  const pool = new pg.Pool({ ...connection, max: options.poolSize ?? 10 });
  const watch = new DirectoryWatch();
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: withNamedStatements(pool, watch) }),
  });
  registerDirectoryWatch(db, watch);
  await migrateToLatest(db, schema);
  // After the migrations: the triggers that announce directory changes exist by then.
  const listener = await listenForDirectoryChanges(watch, {
    ...connection,
    // Named, so that an operator can tell it apart in pg_stat_activity.
    application_name: schema ? `dealspend-directory ${schema}` : 'dealspend-directory',
  });
  return {
    db,
    dialect: capabilitiesFor('postgres'),
    pgPool: pool,
    destroy: async () => {
      await listener.stop();
      await db.destroy();
    },
  };
}

async function openSqlite(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  const file = options.sqliteFile ?? ':memory:';
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  const watch = new DirectoryWatch();
  const statements = withStatementCache(sqlite, watch);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: statements }) });
  registerSqliteNow(db, sqlite, statements.prepare);
  watchOtherConnections(sqlite, watch);
  registerDirectoryWatch(db, watch);
  // A file's checkpoints run on a worker thread; an in-memory database has no log to copy.
  const checkpointer = file === ':memory:' ? undefined : startCheckpointer(file);
  if (checkpointer) sqlite.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`);
  await migrateToLatest(db);
  return {
    db,
    dialect: capabilitiesFor('sqlite'),
    destroy: async () => {
      await checkpointer?.stop();
      await db.destroy();
    },
  };
}

/** How many distinct prepared statements the SQLite cache keeps (the app has a few hundred). */
const STATEMENT_CACHE_SIZE = 2000;

/**
 * Kysely prepares every query afresh; with better-sqlite3 that compile step costs more than many of
 * our indexed queries themselves. Queries are built from a fixed set of shapes with bound parameters,
 * so the SQL text repeats and its prepared statement can be reused (SQLite re-prepares it by itself
 * after a schema change). Safe because better-sqlite3 runs each statement to completion synchronously
 * and nothing here streams rows.
 */
function withStatementCache(sqlite: SQLite.Database, watch: DirectoryWatch) {
  const cache = new Map<string, SQLite.Statement>();
  const directoryWrites = new WeakSet<SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let stmt = cache.get(sql);
      if (!stmt) {
        stmt = sqlite.prepare(sql);
        if (writesDirectory(sql)) directoryWrites.add(stmt);
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
        cache.set(sql, stmt);
      }
      // Every statement passes here just before it runs (synchronously). No read can run on the
      // connection until a write's transaction has ended (sqlite-now.ts, Kysely's connection lock),
      // so moving the watch as the write starts is enough (directory-watch.ts).
      if (directoryWrites.has(stmt)) watch.changed();
      return stmt;
    },
  };
}

/**
 * SQLite's `data_version` changes when another connection (another process on the same file, a
 * console) commits: checked before kept members are used, it moves the watch. The application's
 * one connection sees every write of its own, so the watch is always live.
 */
function watchOtherConnections(sqlite: SQLite.Database, watch: DirectoryWatch) {
  const dataVersion = sqlite.prepare('PRAGMA data_version').pluck();
  let seen = dataVersion.get();
  watch.check = () => {
    const now = dataVersion.get();
    if (now !== seen) {
      seen = now;
      watch.changed();
    }
  };
  watch.live = true;
}

/** Statements with more parameters are bulk writes whose text changes with the row count. */
const NAMED_STATEMENT_MAX_PARAMETERS = 100;
/** How many named statements one PostgreSQL connection keeps (each holds a plan on the server). */
const NAMED_STATEMENTS_PER_CONNECTION = 500;

/**
 * PostgreSQL plans every unnamed statement afresh, and for our short indexed queries planning
 * costs about as much as running them. Giving each parameterised statement a name derived from its
 * text makes pg prepare it once per connection; the server then reuses the plan. This is the
 * PostgreSQL side of the SQLite statement cache below.
 */
function withNamedStatements(pool: pg.Pool, watch: DirectoryWatch): PostgresPool {
  const names = new Map<string, string>();
  const nameOf = (sql: string) => {
    let name = names.get(sql);
    if (!name) {
      name = `k${createHash('sha1').update(sql).digest('base64url').slice(0, 20)}`;
      names.set(sql, name);
    }
    return name;
  };
  const wrappers = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  const wrap = (client: pg.PoolClient): PostgresPoolClient => {
    const prepared = new Set<string>();
    // Directory writes move the watch's generation once their transaction ends (directory-watch.ts).
    const tracked = trackDirectoryWrites(watch, (sql: string, parameters?: ReadonlyArray<unknown>) => {
      const values = parameters ? [...parameters] : [];
      if (values.length > 0 && values.length <= NAMED_STATEMENT_MAX_PARAMETERS) {
        const name = nameOf(sql);
        if (prepared.has(name) || prepared.size < NAMED_STATEMENTS_PER_CONNECTION) {
          prepared.add(name);
          return client.query({ name, text: sql, values });
        }
      }
      return client.query(sql, values);
    });
    return {
      query: ((sql: unknown, parameters?: ReadonlyArray<unknown>) => {
        if (typeof sql !== 'string') return client.query(sql as pg.Submittable);
        return tracked.query(sql, parameters);
      }) as unknown as PostgresPoolClient['query'],
      release: (destroy?: boolean) => {
        tracked.released();
        client.release(destroy);
      },
    };
  };
  return {
    async connect() {
      const client = await pool.connect();
      let wrapper = wrappers.get(client);
      if (!wrapper) {
        wrapper = wrap(client);
        wrappers.set(client, wrapper);
      }
      return wrapper;
    },
    end: () => pool.end(),
  };
}

/**
 * `pgSchema` names the schema that holds Kysely's migration tables. Without it Kysely looks for them
 * in every schema, so a test database would see another test's lock table and skip creating its own.
 */
export async function migrateToLatest(db: Kysely<any>, pgSchema?: string): Promise<void> {
  const migrator = new Migrator({
    db: pgSchema ? withOwnSchemaIntrospection(db, pgSchema) : db,
    ...(pgSchema ? { migrationTableSchema: pgSchema } : {}),
    provider: { getMigrations: async () => migrations },
    // Issues add migrations side by side; a development database may have run a later one first.
    allowUnorderedMigrations: true,
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`Database migration ${failed?.migrationName ?? ''} failed: ${String(error)}`);
  }
}

/**
 * The migrator asks the introspector whether its own schema and tables exist. Kysely's PostgreSQL
 * introspector reads every table of every schema, resolving names as it goes, and fails ("schema …
 * does not exist") when another schema is dropped meanwhile (other servers' tests, a bench cleaning
 * up). The migrator only needs `schema`, so it sees an introspector that reads that one alone.
 */
function withOwnSchemaIntrospection(db: Kysely<any>, schema: string): Kysely<any> {
  const introspection: DatabaseIntrospector = {
    async getSchemas() {
      const { rows } = await sql<{ name: string }>`
        SELECT nspname AS name FROM pg_namespace WHERE nspname = ${schema}`.execute(db);
      return rows;
    },
    async getTables() {
      const { rows } = await sql<{ name: string }>`
        SELECT tablename AS name FROM pg_tables WHERE schemaname = ${schema}`.execute(db);
      return rows.map((r) => ({ name: r.name, schema, isView: false, columns: [] }));
    },
    async getMetadata() {
      return { tables: await this.getTables() };
    },
  };
  return new Proxy(db, {
    get(target, property) {
      if (property === 'introspection') return introspection;
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

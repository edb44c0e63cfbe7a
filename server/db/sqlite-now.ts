/**
 * Statements run at once on SQLite, without Kysely's executor.
 *
 * better-sqlite3 runs every statement to completion synchronously, so handing one to Kysely only
 * adds its asynchronous path around that call (the driver's connection lock, the connection
 * provider, the executor), about 20 µs a statement against 15 µs for a short indexed read itself.
 * The prepared queries (prepared.ts) that every request runs take this shortcut when it is safe:
 * - `db` is the application's own Kysely instance: not a transaction, and without plugins, which
 *   must see each query (a derived instance, such as `withPlugin`, is never registered here);
 * - no transaction is open on the connection. One that is open belongs to another request's
 *   Kysely transaction waiting between its statements; a statement run now would join it and could
 *   read its uncommitted writes, so the statement takes Kysely's path and waits its turn instead.
 *
 * `writeNow` runs a few statements as one transaction, begun and committed within the same call,
 * so nothing else can run between them.
 */
import type SQLite from 'better-sqlite3';
import type { Kysely, QueryResult, Transaction } from 'kysely';

/** The SQLite connection behind an application's Kysely instance. */
export interface SqliteConnectionNow {
  /** Runs one statement now; its result has the shape Kysely's SQLite driver gives. */
  execute<O>(sql: string, parameters: readonly unknown[]): QueryResult<O>;
}

interface Registered {
  sqlite: SQLite.Database;
  /** Set while writeNow's own transaction runs: its statements may use the connection. */
  writing: boolean;
  now: SqliteConnectionNow;
}

const registry = new WeakMap<object, Registered>();

/**
 * Registers `db` (created over `sqlite` with no plugins) as one whose statements may run at once.
 * `prepare` is the statement cache Kysely's driver uses too.
 */
export function registerSqliteNow(
  db: Kysely<any>,
  sqlite: SQLite.Database,
  prepare: (sql: string) => SQLite.Statement,
): void {
  const entry: Registered = {
    sqlite,
    writing: false,
    now: {
      execute<O>(sql: string, parameters: readonly unknown[]): QueryResult<O> {
        const stmt = prepare(sql);
        if (stmt.reader) return { rows: stmt.all(parameters as unknown[]) as O[] };
        const { changes, lastInsertRowid } = stmt.run(parameters as unknown[]);
        return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
      },
    },
  };
  registry.set(db, entry);
}

/** The connection behind `db` when a statement may run on it at once (see above), else undefined. */
export function sqliteNow(db: Kysely<any> | Transaction<any>): SqliteConnectionNow | undefined {
  const entry = registry.get(db);
  if (!entry) return undefined;
  return entry.writing || !entry.sqlite.inTransaction ? entry.now : undefined;
}

/**
 * Runs `fn` as one transaction begun and committed now (rolled back if it throws), its statements
 * run through sqliteNow(db). Returns `{ value }`, or undefined, without running `fn`, when `db`
 * cannot take statements at once; the caller then uses a Kysely transaction.
 */
export function writeNow<T>(db: Kysely<any> | Transaction<any>, fn: () => T): { value: T } | undefined {
  const entry = registry.get(db);
  if (!entry || entry.writing || entry.sqlite.inTransaction) return undefined;
  entry.writing = true;
  try {
    return {
      value: entry.sqlite.transaction(() => {
        const value = fn();
        // A promise would let the transaction commit before its work is done: refuse (rolls back).
        if (value instanceof Promise) throw new Error('writeNow runs synchronous work only');
        return value;
      })(),
    };
  } finally {
    entry.writing = false;
  }
}

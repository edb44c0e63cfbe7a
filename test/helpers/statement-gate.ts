/**
 * For tests that watch or race statements: another server instance on a test's database whose
 * statements go through a plugin. The gate counts statements waiting for an answer and can hold
 * the transaction that ran one matching statement, right after it ran, until `release()`;
 * meanwhile another instance's request runs into whatever that transaction holds.
 */
import {
  AliasNode,
  DeleteQueryNode,
  InsertQueryNode,
  type Kysely,
  type KyselyPlugin,
  type QueryId,
  type RootOperationNode,
  SelectQueryNode,
  sql,
  TableNode,
} from 'kysely';
import { onTestFinished } from 'vitest';
import { type AppDeps, buildApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import type { DatabaseHandle } from '../../server/db/connect.js';
import type { DialectName } from '../../server/db/dialect.js';
import type { Database } from '../../server/db/schema.js';
import { testVerifier } from './test-app.js';

/** The table an INSERT writes, a DELETE deletes from, or a SELECT reads first (aliased or not). */
function targetTable(node: RootOperationNode): string | undefined {
  const from = InsertQueryNode.is(node)
    ? node.into
    : DeleteQueryNode.is(node)
      ? node.from.froms[0]
      : SelectQueryNode.is(node)
        ? node.from?.froms[0]
        : undefined;
  const table = from && AliasNode.is(from) ? from.node : from;
  return table && TableNode.is(table) ? table.table.identifier.name : undefined;
}

export function createStatementGate(hold: { kind: RootOperationNode['kind']; table: string } | null) {
  const held = new WeakSet<QueryId>();
  let inFlight = 0;
  let reached!: () => void;
  let release!: () => void;
  const reachedHold = new Promise<void>((r) => {
    reached = r;
  });
  const released = new Promise<void>((r) => {
    release = r;
  });
  const plugin: KyselyPlugin = {
    transformQuery({ node, queryId }) {
      inFlight++;
      if (hold && node.kind === hold.kind && targetTable(node) === hold.table) held.add(queryId);
      return node;
    },
    async transformResult({ result, queryId }) {
      inFlight--;
      if (held.has(queryId)) {
        held.delete(queryId);
        reached();
        await released;
      }
      return result;
    },
  };
  return {
    plugin,
    /** Resolves once the held statement has run (its transaction is now open and waiting). */
    reachedHold,
    release,
    /** Statements sent and not yet answered (on SQLite, one waiting for the connection counts). */
    get inFlight() {
      return inFlight;
    },
  };
}

/** Another server instance on `database` whose statements go through `plugin`; closed after the test. */
export async function instanceWith(
  database: DatabaseHandle,
  plugin: KyselyPlugin,
  deps: Pick<AppDeps, 'clock' | 'ids'> = {},
) {
  const app = await buildApp({
    config: loadConfig({ LOG_LEVEL: 'silent' }),
    database: { ...database, db: database.db.withPlugin(plugin), destroy: async () => {} },
    identity: testVerifier,
    logger: false,
    startWorkers: false,
    ...deps,
  });
  onTestFinished(() => app.close());
  return app;
}

/**
 * Whether a transaction is stuck behind the held one. PostgreSQL: a session is waiting for a lock
 * (with `table`, a session holding or awaiting a lock on that table). SQLite: a statement of
 * `waiter` is waiting for the one connection, which the held transaction has.
 */
export async function isBlocked(
  dialect: DialectName,
  db: Kysely<Database>,
  waiter: { inFlight: number },
  table?: string,
) {
  if (dialect === 'sqlite') return waiter.inFlight > 0;
  const onTable = table
    ? sql`AND a.pid IN (SELECT l.pid FROM pg_locks l WHERE l.relation = ${table}::regclass)`
    : sql``;
  const { rows } = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM pg_stat_activity a
    WHERE a.wait_event_type = 'Lock' AND a.datname = current_database() ${onTable}`.execute(db);
  return rows[0]!.n > 0;
}

export async function waitUntil(condition: () => boolean | Promise<boolean>) {
  while (!(await condition())) await new Promise((r) => setTimeout(r, 5));
}

/** Settles with the response, and remembers that it did. */
export function track<T>(p: Promise<T>) {
  const t = { done: false, promise: p.finally(() => (t.done = true)) };
  return t;
}

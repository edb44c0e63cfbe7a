/**
 * Knows when the directory (the `users` and `organizations` tables) may have changed, so that what
 * was read from it can be kept between requests (auth/member-cache.ts).
 *
 * `generation` goes up on every change that could make a kept read stale:
 * - a statement of this process that writes the directory (`writesDirectory`). On PostgreSQL the
 *   watch moves again once the write's transaction has ended (`trackDirectoryWrites`, on the
 *   pool's connections), so that no read taken before the commit is kept; on SQLite, where no
 *   read runs while a write's transaction is open, as the write starts (connect.ts);
 * - a change committed by anyone else (another server instance, a console). PostgreSQL announces
 *   it: triggers on both tables NOTIFY the `dealspend_directory` channel (migration 0047) and
 *   `listenForDirectoryChanges` LISTENs to it. SQLite is asked (`check`, its data_version);
 * - on PostgreSQL, the listening connection being lost or regained: changes may have gone
 *   unannounced meanwhile.
 * A read may be kept only while the watch is live, and only if the generation did not move while
 * it ran; a kept read is used only while the generation is still the one it was read in.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import pg from 'pg';

export const DIRECTORY_CHANNEL = 'dealspend_directory';

/** How long to wait before listening again after the connection was lost. */
const RELISTEN_AFTER_MS = 1_000;
/** How long the listener waits to hear its own notice before it gives up (and tries again). */
const PING_TIMEOUT_MS = 5_000;

export class DirectoryWatch {
  /** Moves whenever a directory read may have become stale. */
  generation = 0;
  /** Changes by others are heard: reads may be kept. */
  live = false;
  /** Asks whether others changed anything, where that has to be asked (SQLite's data_version). */
  check?: () => void;

  changed(): void {
    this.generation++;
  }
}

const watches = new WeakMap<object, DirectoryWatch>();

/** Registers the watch over the application's Kysely instance `db` (never a transaction). */
export function registerDirectoryWatch(db: Kysely<any>, watch: DirectoryWatch): void {
  watches.set(db, watch);
}

/** The watch over `db`, the application's Kysely instance; undefined for any other (a transaction). */
export function directoryWatchOf(db: object): DirectoryWatch | undefined {
  return watches.get(db);
}

/** INSERT, UPDATE or DELETE whose target is users or organizations, quoted or not, schema or not. */
const DIRECTORY_WRITE =
  /\b(?:insert\s+into|update|delete\s+from)\s+(?:only\s+)?(?:"?\w+"?\.)?"?(?:users|organizations)"?(?=[\s,(;]|$)/i;
/** TRUNCATE naming either table in its list. */
const DIRECTORY_TRUNCATE = /\btruncate\b[^;]*?[\s,."](?:users|organizations)"?(?=[\s,;]|$)/i;
const TRANSACTION_START = /^\s*(?:begin|start\s+transaction)\b/i;
const TRANSACTION_END = /^\s*(?:commit|rollback|end|abort)\s*;?\s*$/i;

/** Whether `sql` writes the directory. */
export function writesDirectory(sql: string): boolean {
  return DIRECTORY_WRITE.test(sql) || DIRECTORY_TRUNCATE.test(sql);
}

type StatementKind = 'begin' | 'end' | 'directory write' | 'other';

/**
 * Statement texts repeat (prepared shapes), so each is classified once: at most this many, of at
 * most this length (a bulk write's text changes with its row count and may be long).
 */
const KINDS_KEPT = 2000;
const KIND_TEXT_MAX = 4096;
const kinds = new Map<string, StatementKind>();

function kindOf(sql: string): StatementKind {
  let kind = kinds.get(sql);
  if (kind === undefined) {
    kind = TRANSACTION_START.test(sql)
      ? 'begin'
      : TRANSACTION_END.test(sql)
        ? 'end'
        : writesDirectory(sql)
          ? 'directory write'
          : 'other';
    if (kinds.size < KINDS_KEPT && sql.length <= KIND_TEXT_MAX) kinds.set(sql, kind);
  }
  return kind;
}

/**
 * Follows one pooled connection's statements: `query` is its statement path. After a statement
 * that wrote the directory, the generation moves when its transaction ends (at once when it ran
 * outside one, at COMMIT or ROLLBACK inside one, or when the connection goes back to the pool, for
 * a transaction the connection's loss ended). Moving it again at the end, not only at the write,
 * makes sure no read taken before the commit is kept.
 */
export function trackDirectoryWrites<Q extends (sql: string, ...rest: any[]) => Promise<unknown>>(
  watch: DirectoryWatch,
  query: Q,
): { query: Q; released(): void } {
  let inTransaction = false;
  let wrote = false;
  const settle = () => {
    if (wrote && !inTransaction) {
      wrote = false;
      watch.changed();
    }
  };
  const tracked = ((sql: string, ...rest: unknown[]) => {
    const kind = kindOf(sql);
    if (kind === 'begin') inTransaction = true;
    else if (kind === 'end') inTransaction = false;
    else if (kind === 'directory write') {
      wrote = true;
      watch.changed();
    }
    if (!wrote) return query(sql, ...rest);
    return query(sql, ...rest).finally(settle);
  }) as Q;
  return {
    query: tracked,
    released() {
      inTransaction = false;
      settle();
    },
  };
}

export interface DirectoryListener {
  stop(): Promise<void>;
}

/**
 * LISTENs for directory changes on a connection of its own (`config`, with the application's
 * search_path, so that only changes to its own schema count). The watch is live once the first
 * LISTEN is in place and has carried a notice back; if the connection is lost it is not live until
 * listening again, retried every second. Resolves after the first attempt, successful or not.
 */
export async function listenForDirectoryChanges(
  watch: DirectoryWatch,
  config: pg.ClientConfig,
  { pingTimeoutMs = PING_TIMEOUT_MS }: { pingTimeoutMs?: number } = {},
): Promise<DirectoryListener> {
  let client: pg.Client | undefined;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;

  const lost = (c: pg.Client) => {
    if (client !== c) return;
    client = undefined;
    watch.live = false;
    watch.changed();
    c.end().catch(() => {});
    if (!stopped) {
      retry = setTimeout(() => void listen(), RELISTEN_AFTER_MS);
      retry.unref();
    }
  };

  const listen = async () => {
    const c = new pg.Client(config);
    client = c;
    let schema: string | null = null;
    let ping: { payload: string; heard: () => void } | undefined;
    c.on('error', () => lost(c));
    c.on('end', () => lost(c));
    c.on('notification', (n) => {
      if (n.channel !== DIRECTORY_CHANNEL) return;
      if (ping && n.payload === ping.payload) return ping.heard();
      // Each schema is an application of its own (tests run many side by side on one database).
      if (schema === null || n.payload === schema) watch.changed();
    });
    try {
      await c.connect();
      const { rows } = await c.query<{ schema: string | null }>('SELECT current_schema() AS schema');
      schema = rows[0]?.schema ?? null;
      await c.query(`LISTEN ${DIRECTORY_CHANNEL}`);
      // Live only once this connection has heard a notice of its own: behind a pooler that does not
      // carry LISTEN/NOTIFY (a transaction-mode one) nothing is ever kept.
      const payload = `ping ${randomUUID()}`;
      const heard = new Promise<boolean>((resolve) => {
        ping = { payload, heard: () => resolve(true) };
        setTimeout(() => resolve(false), pingTimeoutMs).unref();
      });
      await c.query('SELECT pg_notify($1, $2)', [DIRECTORY_CHANNEL, payload]);
      if (!(await heard)) throw new Error('the directory listener did not hear its own notice');
      ping = undefined;
      if (client !== c) {
        // Stopped meanwhile.
        await c.end().catch(() => {});
        return;
      }
      watch.changed();
      watch.live = true;
    } catch {
      if (client === c) lost(c);
      else await c.end().catch(() => {});
    }
  };

  await listen();
  return {
    async stop() {
      stopped = true;
      clearTimeout(retry);
      const c = client;
      client = undefined;
      watch.live = false;
      watch.changed();
      await c?.end().catch(() => {});
    },
  };
}

/**
 * The sync runtime of one server process: connectors, the engine and its background runner.
 *
 * - Tests build apps with startWorkers=false and drive runs with `drain()`.
 * - SQLite: an in-process runner polls the job table (and the daily schedule) and drains it.
 * - PostgreSQL: pg-boss carries the wake-up queue and the cron schedule, so several server instances
 *   share the work; the jobs themselves stay rows claimed with a lease, so no job runs twice even if
 *   a wake-up is delivered twice. A slow local poll still resumes jobs whose worker died. pg-boss keeps
 *   its tables in a schema of its own per application schema (queueSchemaOf), so two deployments in
 *   one database do not take each other's wake-ups.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import PgBoss from 'pg-boss';
import type { AppContext } from '../app.js';
import type { BackoffPolicy } from '../zoho/backoff.js';
import { type Connectors, createConnectors } from './connectors.js';
import { createSyncEngine, type SyncEngine } from './engine.js';
import { enqueueDueSyncs } from './scheduler.js';

export interface SyncTuning {
  backoff?: BackoffPolicy;
  retryBaseMs?: number;
  leaseMs?: number;
  pollMs?: number;
  peopleRequestsPerMinute?: number;
}

export interface SyncRuntime {
  readonly connectors: Connectors;
  readonly engine: SyncEngine;
  /** Runs every runnable job now (tests, and the in-process runner). */
  drain(only?: { orgId?: string }): Promise<number>;
  /** Something was enqueued: run it soon (no-op when workers are off). */
  wake(): void;
  tune(t: SyncTuning): void;
  start(): Promise<void>;
  stop(): Promise<void>;
}

const runtimes = new WeakMap<AppContext, SyncRuntime>();

const WAKE_QUEUE = 'dealspend-sync-wake';
/** The cron queue: every ten minutes some instance checks which daily syncs are due. */
export const DAILY_QUEUE = 'dealspend-sync-daily';
export const DAILY_CRON = '*/10 * * * *';
/** pg-boss connections per server instance: it polls and does its own upkeep, little else. */
const QUEUE_POOL_SIZE = 3;

/** The schema pg-boss uses for an application schema (`public` keeps the original name). */
export function queueSchemaOf(appSchema: string): string {
  return appSchema === 'public' ? 'dealspend_boss' : `${appSchema}_boss`;
}

/** The runtime of an app (created on first use). */
export function syncRuntimeOf(ctx: AppContext): SyncRuntime {
  let rt = runtimes.get(ctx);
  if (!rt) {
    rt = createSyncRuntime(ctx);
    runtimes.set(ctx, rt);
  }
  return rt;
}

function createSyncRuntime(ctx: AppContext): SyncRuntime {
  const workerId = `w-${randomUUID()}`;
  let tuning: SyncTuning = {};
  let connectors!: Connectors;
  let engine!: SyncEngine;
  const build = () => {
    connectors = createConnectors({
      config: ctx.config,
      fetch: ctx.fetch,
      now: () => ctx.clock().getTime(),
      ...(tuning.backoff ? { backoff: tuning.backoff } : {}),
      ...(tuning.peopleRequestsPerMinute ? { peopleRequestsPerMinute: tuning.peopleRequestsPerMinute } : {}),
    });
    engine = createSyncEngine({
      db: ctx.db,
      clock: ctx.clock,
      ids: ctx.ids,
      connectors,
      workerId,
      ...(tuning.leaseMs ? { leaseMs: tuning.leaseMs } : {}),
      ...(tuning.retryBaseMs !== undefined ? { retryBaseMs: tuning.retryBaseMs } : {}),
    });
  };
  build();

  let started = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  let again = false;
  let boss: PgBoss | undefined;

  async function tick(): Promise<void> {
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        await enqueueDueSyncs(ctx.db, ctx.clock(), ctx.ids);
        await engine.drain();
      } while (again && started);
    })()
      .catch(() => undefined)
      .finally(() => {
        running = undefined;
      });
    await running;
  }

  return {
    get connectors() {
      return connectors;
    },
    get engine() {
      return engine;
    },
    drain: (only) => engine.drain(only),
    wake() {
      if (!started) return;
      if (boss) void boss.send(WAKE_QUEUE, {}).catch(() => tick());
      else void tick();
    },
    tune(t) {
      tuning = { ...tuning, ...t };
      build();
    },
    async start() {
      if (started) return;
      started = true;
      if (ctx.dialect.name === 'postgres' && ctx.config.databaseUrl) {
        const { rows } = await sql<{ schema: string }>`SELECT current_schema() AS schema`.execute(ctx.db);
        boss = new PgBoss({
          connectionString: ctx.config.databaseUrl,
          schema: queueSchemaOf(rows[0]?.schema ?? 'public'),
          max: QUEUE_POOL_SIZE,
        });
        boss.on('error', () => undefined);
        await boss.start();
        await boss.createQueue(WAKE_QUEUE);
        await boss.createQueue(DAILY_QUEUE);
        await boss.work(WAKE_QUEUE, async () => {
          await tick();
        });
        await boss.work(DAILY_QUEUE, async () => {
          await tick();
        });
        // pg-boss fires a cron once across all instances.
        await boss.schedule(DAILY_QUEUE, DAILY_CRON);
      }
      const poll = tuning.pollMs ?? (boss ? 60_000 : 5_000);
      timer = setInterval(() => void tick(), poll);
      timer.unref();
      void tick();
    },
    async stop() {
      started = false;
      if (timer) clearInterval(timer);
      await running;
      if (boss) await boss.stop({ graceful: true, wait: true }).catch(() => undefined);
      boss = undefined;
    },
  };
}

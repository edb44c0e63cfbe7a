/**
 * The sync engine: runs claimed jobs step by step.
 *
 * Algorithm (one job = one module of one integration):
 * 1. Claim a job with a lease (jobs.ts). The first claim opens a run (sync_runs) and writes the
 *    initial checkpoint: phase 'pull', and for a daily run the modified-since bound taken from the
 *    module's marker (the newest Modified_Time seen by the previous run, minus a second so records
 *    modified in the same second are read again: reading twice is harmless, missing one is not),
 *    as long as the settings that decide what the module reads are the marker's (moduleScope; for
 *    deals kept by owner, also the users the owners are looked up among: dealOwnersFingerprint),
 *    and when the marker's run started (linkedSince: what was linked since may bring records that
 *    did not change in Zoho, such as the contacts of an account newly synced).
 * 2. Each step fetches one page from Zoho, then commits the page's writes, the next checkpoint, the
 *    run's counts and a lease renewal in one transaction guarded by "lease_owner = me".
 * 3. At phase 'done' the run is closed, the module's marker advances and the job is finished.
 * Errors: a failed step is retried from the checkpoint with backoff (attempts counted); after
 * MAX_ATTEMPTS the run is marked failed with the reason. A lost lease stops the worker quietly.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import { dialectOf } from '../db/dialect.js';
import type { Database, IntegrationRow, OrganizationRow, SyncJobRow } from '../db/schema.js';
import type { Clock, IdGenerator } from '../ids.js';
import { readOrgSettings } from '../modules/organizations/service.js';
import { ZohoApiError, ZohoAuthError } from '../zoho/zoho-error.js';
import type { Connectors } from './connectors.js';
import { addCounts, emptyCounts, type RunCounts } from './history.js';
import { moduleScope, readModules } from './integration-settings.js';
import { claimJob, finishJob, LeaseLostError, releaseForRetry } from './jobs.js';
import { createCustomersHandler } from './modules/crm-customers.js';
import { dealOwnersFingerprint, dealsHandler } from './modules/crm-deals.js';
import { crmUsersHandler } from './modules/crm-users.js';
import {
  clientsHandler,
  departmentsHandler,
  employeesHandler,
  projectsHandler,
} from './modules/people-modules.js';
import { enabledModules } from './scheduler.js';
import type { Checkpoint, ModuleHandler, StepEnv } from './step-env.js';

/** The tables each module writes besides sync_links. */
const MODULE_TABLES: Record<string, string[]> = {
  'crm:users': ['users'],
  'crm:accounts': ['contacts'],
  'crm:contacts': ['contacts'],
  'crm:deals': ['deals'],
  'people:departments': ['departments'],
  'people:employees': ['users'],
  'people:clients': ['contacts'],
  'people:projects': ['projects'],
};

/**
 * After a run that changed at least this many rows, PostgreSQL's statistics of its tables are
 * refreshed (ANALYZE). Autovacuum may be off or behind, and statements are prepared once per
 * connection: a plan made while a table was nearly empty (a sequential scan) would otherwise be
 * kept after a sync has filled it.
 */
const ANALYZE_AFTER_ROWS = 1000;
/** …and changed at least this share of a table's rows (as autovacuum's analyze scale factor). */
const ANALYZE_SHARE = 0.1;

/**
 * ANALYZEs those of `tables` whose last statistics counted fewer than ten times `changedRows` rows
 * (never-analysed tables count -1): the share at which autovacuum itself re-analyses. A daily run
 * that touched 1% of a big table keeps its statistics, as reading them again costs more than the run.
 */
async function analyzeIfStale(db: Kysely<Database>, tables: string[], changedRows: number): Promise<void> {
  const { rows } = await sql<{ relname: string }>`
    SELECT relname FROM pg_class
    WHERE relnamespace = current_schema()::regnamespace AND relkind = 'r'
      AND relname IN (${sql.join(tables)}) AND reltuples * ${ANALYZE_SHARE} < ${changedRows}`.execute(db);
  if (rows.length === 0) return;
  await sql`ANALYZE ${sql.join(rows.map((r) => sql.table(r.relname)))}`.execute(db);
}

export const MAX_ATTEMPTS = 6;
/** The next daily auto-sync is due this long after a completed run. */
export const DAY_MS = 24 * 60 * 60 * 1000;

const HANDLERS: Record<string, ModuleHandler> = {
  'crm:users': crmUsersHandler,
  'crm:accounts': createCustomersHandler('accounts'),
  'crm:contacts': createCustomersHandler('contacts'),
  'crm:deals': dealsHandler,
  'people:departments': departmentsHandler,
  'people:employees': employeesHandler,
  'people:clients': clientsHandler,
  'people:projects': projectsHandler,
};

export interface EngineOptions {
  db: Kysely<Database>;
  clock: Clock;
  ids: IdGenerator;
  connectors: Connectors;
  workerId: string;
  leaseMs?: number;
  /** First retry delay after a failed step; doubles per attempt. */
  retryBaseMs?: number;
  log?: (msg: string, detail?: Record<string, unknown>) => void;
}

export interface SyncEngine {
  /** Claims one runnable job and runs it to the end (or until it fails a step). False if none. */
  runOne(only?: { orgId?: string; jobId?: string }): Promise<boolean>;
  /** Runs jobs until none is runnable now. */
  drain(only?: { orgId?: string }): Promise<number>;
  readonly workerId: string;
}

function moduleSince(marker: string | undefined): string | null {
  if (!marker) return null;
  const t = Date.parse(marker);
  return Number.isNaN(t) ? null : new Date(t - 1000).toISOString();
}

export function createSyncEngine(opts: EngineOptions): SyncEngine {
  const { db, clock, ids, workerId } = opts;
  const leaseMs = opts.leaseMs ?? 60_000;
  const retryBase = opts.retryBaseMs ?? 2_000;
  const pg = dialectOf(db) === 'postgres';

  async function startRun(
    job: SyncJobRow,
    integration: IntegrationRow,
    org: OrganizationRow,
  ): Promise<SyncJobRow> {
    const now = clock().toISOString();
    const runId = ids();
    const state = readModules(integration.modules)[job.module] ?? {};
    const potentialsMode = readOrgSettings(org).potentials_mode;
    let scope = moduleScope(integration, job.module, potentialsMode);
    // Which deals a run keeps in 'user' mode depends on who the users are, not only on settings.
    if (integration.system === 'crm' && job.module === 'deals' && potentialsMode === 'user') {
      scope = JSON.stringify([scope, await dealOwnersFingerprint(db, org.org_id)]);
    }
    // A marker kept by an older version has no scope: it is taken as made with today's settings.
    const sameScope = state.scope === undefined || state.scope === scope;
    const incremental = job.trigger === 'daily' && sameScope;
    const since = incremental ? moduleSince(state.marker) : null;
    const cp: Checkpoint = {
      phase: 'pull',
      since,
      // Deletions do not depend on the settings: they are still read since the last one seen.
      deletedSince: job.trigger === 'daily' ? moduleSince(state.deleted_marker) : null,
      maxSeen: sameScope ? (state.marker ?? null) : null,
      maxDeleted: state.deleted_marker ?? null,
      scope,
      started: now,
      ...(since !== null ? { linkedSince: state.started ?? null } : {}),
    };
    return db.transaction().execute(async (trx) => {
      await trx
        .insertInto('sync_runs')
        .values({
          run_id: runId,
          org_id: job.org_id,
          integration_id: job.integration_id,
          system: integration.system,
          module: job.module,
          trigger: job.trigger,
          status: 'running',
          started_time: now,
          ended_time: null,
          fetched: 0,
          created: 0,
          updated: 0,
          skipped: 0,
          duplicates: 0,
          conflicts: 0,
          failed: 0,
          deleted: 0,
          message: null,
        })
        .execute();
      const updated = await trx
        .updateTable('sync_jobs')
        .set({ run_id: runId, checkpoint: JSON.stringify(cp), updated_time: now })
        .where('job_id', '=', job.job_id)
        .where('lease_owner', '=', workerId)
        .returningAll()
        .executeTakeFirst();
      if (!updated) throw new LeaseLostError();
      return updated;
    });
  }

  async function closeRun(
    job: SyncJobRow,
    cp: Checkpoint,
    status: 'completed' | 'failed',
    message: string | null,
  ): Promise<void> {
    const now = clock();
    await db.transaction().execute(async (trx) => {
      // First, so a job cancelled meanwhile (Disable Integration) or taken over keeps its run as is.
      const mine = await trx
        .updateTable('sync_jobs')
        .set({
          status: status === 'completed' ? 'done' : 'failed',
          lease_owner: null,
          lease_expires: null,
          updated_time: now.toISOString(),
        })
        .where('job_id', '=', job.job_id)
        .where('lease_owner', '=', workerId)
        .executeTakeFirst();
      if (Number(mine.numUpdatedRows) !== 1) throw new LeaseLostError();
      if (job.run_id) {
        await trx
          .updateTable('sync_runs')
          .set({ status, ended_time: now.toISOString(), message })
          .where('run_id', '=', job.run_id)
          .execute();
      }
      const integration = await trx
        .selectFrom('integrations')
        .selectAll()
        .where('integration_id', '=', job.integration_id)
        .executeTakeFirst();
      if (integration) {
        const modules = readModules(integration.modules);
        const prev = modules[job.module] ?? {};
        modules[job.module] = {
          ...prev,
          ...(status === 'completed'
            ? {
                marker: cp.maxSeen ?? prev.marker,
                deleted_marker: cp.maxDeleted ?? prev.deleted_marker,
                ...(cp.scope !== undefined ? { scope: cp.scope } : {}),
                ...(cp.started !== undefined ? { started: cp.started } : {}),
              }
            : {}),
          ...(job.run_id ? { last_run_id: job.run_id } : {}),
          last_status: status,
          last_sync_time: now.toISOString(),
        };
        await trx
          .updateTable('integrations')
          .set({
            modules: JSON.stringify(modules),
            ...(status === 'completed' && !integration.initial_sync_time
              ? { initial_sync_time: now.toISOString() }
              : {}),
            next_sync_time: new Date(now.getTime() + DAY_MS).toISOString(),
          })
          .where('integration_id', '=', job.integration_id)
          .execute();
      }
    });
  }

  async function runJob(claimed: SyncJobRow): Promise<void> {
    let job = claimed;
    const integration = await db
      .selectFrom('integrations')
      .selectAll()
      .where('integration_id', '=', job.integration_id)
      .executeTakeFirst();
    const handler = integration ? HANDLERS[`${integration.system}:${job.module}`] : undefined;
    if (integration?.status !== 'connected' || !handler) {
      await finishJob(db, job.job_id, workerId, 'cancelled', clock(), 'The integration is not connected.');
      return;
    }
    // Disable Sync cancels a module's jobs; this one was enqueued from settings read before that.
    if (!job.run_id && !enabledModules(integration).includes(job.module)) {
      await finishJob(db, job.job_id, workerId, 'cancelled', clock(), 'Sync of this module is disabled.');
      return;
    }
    const org = await db
      .selectFrom('organizations')
      .selectAll()
      .where('org_id', '=', job.org_id)
      .executeTakeFirstOrThrow();
    if (!job.run_id) job = await startRun(job, integration, org);
    let cp = JSON.parse(job.checkpoint) as Checkpoint;
    const cache = new Map<string, unknown>();
    let changedRows = 0;
    let crm: ReturnType<Connectors['crm']> | undefined;
    let people: ReturnType<Connectors['people']> | undefined;
    const env: StepEnv = {
      db,
      integration,
      org,
      module: job.module,
      trigger: job.trigger,
      crm: () => {
        crm ??= opts.connectors.crm(integration);
        return crm;
      },
      people: () => {
        people ??= opts.connectors.people(integration);
        return people;
      },
      now: clock,
      newId: ids,
      cache,
      async commit(next, write, options) {
        changedRows += await db.transaction().execute(async (trx: Transaction<Database>) => {
          if (options?.refetchable && pg) await sql`SET LOCAL synchronous_commit = off`.execute(trx);
          const counts: RunCounts = emptyCounts();
          const failures: Array<{ external_id: string; reason: string }> = [];
          await write(trx, { counts, fail: (external_id, reason) => failures.push({ external_id, reason }) });
          counts.failed += failures.length;
          const now = clock();
          // Serialised after `write`, which may add carry-over data to the checkpoint.
          const res = await trx
            .updateTable('sync_jobs')
            .set({
              checkpoint: JSON.stringify(next),
              lease_expires: new Date(now.getTime() + leaseMs).toISOString(),
              updated_time: now.toISOString(),
            })
            .where('job_id', '=', job.job_id)
            .where('lease_owner', '=', workerId)
            .executeTakeFirst();
          if (Number(res.numUpdatedRows) !== 1) throw new LeaseLostError();
          if (job.run_id) {
            await addCounts(trx, job.run_id, counts);
            const runId = job.run_id;
            for (let i = 0; i < failures.length; i += 100) {
              await trx
                .insertInto('sync_failures')
                .values(
                  failures.slice(i, i + 100).map((f) => ({
                    failure_id: ids(),
                    org_id: job.org_id,
                    run_id: runId,
                    external_id: f.external_id,
                    reason: f.reason.slice(0, 500),
                    time: now.toISOString(),
                  })),
                )
                .execute();
            }
          }
          return counts.created + counts.updated + counts.deleted;
        });
        cp = next;
      },
    };
    try {
      while (cp.phase !== 'done') await handler(env, cp);
      await closeRun(job, cp, 'completed', null);
      if (pg && changedRows >= ANALYZE_AFTER_ROWS) {
        const tables = ['sync_links', ...(MODULE_TABLES[`${integration.system}:${job.module}`] ?? [])];
        // Statistics only help; a failure here must not fail a completed run.
        await analyzeIfStale(db, tables, changedRows).catch(() => undefined);
      }
    } catch (e) {
      if (e instanceof LeaseLostError) return;
      const reason = describe(e);
      opts.log?.('sync step failed', { job: job.job_id, module: job.module, reason });
      const fatal = e instanceof ZohoAuthError;
      if (fatal || job.attempts + 1 >= MAX_ATTEMPTS) {
        await closeRun({ ...job }, cp, 'failed', reason).catch((lost: unknown) => {
          if (!(lost instanceof LeaseLostError)) throw lost;
        });
      } else {
        await releaseForRetry(db, job, workerId, clock(), retryBase * 2 ** job.attempts, reason);
      }
    }
  }

  return {
    workerId,
    async runOne(only) {
      const job = await claimJob(db, workerId, clock(), leaseMs, only);
      if (!job) return false;
      await runJob(job);
      return true;
    },
    async drain(only) {
      let n = 0;
      while (await this.runOne(only)) n++;
      return n;
    },
  };
}

function describe(e: unknown): string {
  if (e instanceof ZohoApiError) return `Zoho answered ${e.status} ${e.zohoCode}: ${e.message}`;
  if (e instanceof ZohoAuthError)
    return `Zoho Accounts refused the stored connection (${e.reason}); connect again.`;
  if (e instanceof Error) return e.message;
  return String(e);
}

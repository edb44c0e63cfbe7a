/**
 * Sync jobs as rows: one per (org, integration, module) run, claimed with a lease.
 *
 * Claiming is one UPDATE … WHERE (free or lease expired) … RETURNING, so of two workers (or two
 * server instances on PostgreSQL) racing for the same row exactly one gets it: PostgreSQL re-checks
 * the WHERE under the row lock, SQLite serialises writers. A job waits while an earlier job of the
 * same integration is live, so modules run in order (users before the deals they own).
 * The lease is renewed with every checkpoint; a crashed worker's job becomes claimable again when
 * its lease expires and resumes from its last checkpoint.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database, SyncJobRow, SyncTrigger } from '../db/schema.js';
import { readModules } from './integration-settings.js';

export interface EnqueueInput {
  orgId: string;
  integrationId: string;
  module: string;
  trigger: SyncTrigger;
}

/** Adds a queued job unless one is already live for (integration, module). Returns the live job id. */
export async function enqueueJob(
  db: Kysely<Database>,
  input: EnqueueInput,
  now: Date,
  newId: () => string,
): Promise<string> {
  const t = now.toISOString();
  const id = newId();
  await db
    .insertInto('sync_jobs')
    .values({
      job_id: id,
      org_id: input.orgId,
      integration_id: input.integrationId,
      module: input.module,
      trigger: input.trigger,
      status: 'queued',
      lease_owner: null,
      lease_expires: null,
      not_before: t,
      checkpoint: '{}',
      attempts: 0,
      run_id: null,
      last_error: null,
      created_time: t,
      updated_time: t,
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
  const live = await db
    .selectFrom('sync_jobs')
    .select('job_id')
    .where('integration_id', '=', input.integrationId)
    .where('module', '=', input.module)
    .where('status', 'in', ['queued', 'running'])
    .executeTakeFirst();
  return live?.job_id ?? id;
}

/** Claims the next runnable job for `owner`, or undefined when none is runnable now. */
export async function claimJob(
  db: Kysely<Database>,
  owner: string,
  now: Date,
  leaseMs: number,
  only?: { orgId?: string; jobId?: string },
): Promise<SyncJobRow | undefined> {
  const t = now.toISOString();
  const expires = new Date(now.getTime() + leaseMs).toISOString();
  for (let tries = 0; tries < 5; tries++) {
    let q = db
      .selectFrom('sync_jobs as j')
      .select('j.job_id')
      .where('j.status', 'in', ['queued', 'running'])
      .where('j.not_before', '<=', t)
      .where((eb) => eb.or([eb('j.lease_expires', 'is', null), eb('j.lease_expires', '<', t)]))
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('sync_jobs as e')
              .select(sql`1`.as('one'))
              .whereRef('e.integration_id', '=', 'j.integration_id')
              .whereRef('e.job_id', '<', 'j.job_id')
              .where('e.status', 'in', ['queued', 'running']),
          ),
        ),
      )
      .orderBy('j.job_id')
      .limit(1);
    if (only?.orgId) q = q.where('j.org_id', '=', only.orgId);
    if (only?.jobId) q = q.where('j.job_id', '=', only.jobId);
    const candidate = await q.executeTakeFirst();
    if (!candidate) return undefined;
    const claimed = await db
      .updateTable('sync_jobs')
      .set({ status: 'running', lease_owner: owner, lease_expires: expires, updated_time: t })
      .where('job_id', '=', candidate.job_id)
      .where('status', 'in', ['queued', 'running'])
      .where((eb) => eb.or([eb('lease_expires', 'is', null), eb('lease_expires', '<', t)]))
      .returningAll()
      .executeTakeFirst();
    if (claimed) return claimed;
  }
  return undefined;
}

/** Gives a job back after a failure: claimable again after `delayMs`. */
export async function releaseForRetry(
  db: Kysely<Database>,
  job: SyncJobRow,
  owner: string,
  now: Date,
  delayMs: number,
  error: string,
): Promise<void> {
  await db
    .updateTable('sync_jobs')
    .set({
      lease_owner: null,
      lease_expires: null,
      attempts: job.attempts + 1,
      not_before: new Date(now.getTime() + delayMs).toISOString(),
      last_error: error.slice(0, 500),
      updated_time: now.toISOString(),
    })
    .where('job_id', '=', job.job_id)
    .where('lease_owner', '=', owner)
    .execute();
}

export async function finishJob(
  db: Kysely<Database>,
  jobId: string,
  owner: string,
  status: 'done' | 'failed' | 'cancelled',
  now: Date,
  error?: string,
): Promise<void> {
  await db
    .updateTable('sync_jobs')
    .set({
      status,
      lease_owner: null,
      lease_expires: null,
      updated_time: now.toISOString(),
      ...(error ? { last_error: error.slice(0, 500) } : {}),
    })
    .where('job_id', '=', jobId)
    .where('lease_owner', '=', owner)
    .execute();
}

/**
 * Disable Integration (every module) or Disable Sync of some modules (`modules`): the queued and
 * running jobs are cancelled and their open runs closed as failed with `reason`, which the modules'
 * state then reports as their last run (as closeRun does for a run that failed). A worker in the
 * middle of one of them loses its lease, so its next commit writes nothing and it stops.
 */
export async function cancelJobs(
  db: Kysely<Database> | Transaction<Database>,
  integrationId: string,
  now: Date,
  reason: string,
  modules?: readonly string[],
): Promise<void> {
  if (modules?.length === 0) return;
  const t = now.toISOString();
  let q = db
    .updateTable('sync_jobs')
    .set({ status: 'cancelled', lease_owner: null, lease_expires: null, last_error: reason, updated_time: t })
    .where('integration_id', '=', integrationId)
    .where('status', 'in', ['queued', 'running']);
  if (modules) q = q.where('module', 'in', [...modules]);
  const cancelled = await q.returning(['run_id']).execute();
  const runs = cancelled.map((j) => j.run_id).filter((id): id is string => !!id);
  if (runs.length === 0) return;
  const stopped = await db
    .updateTable('sync_runs')
    .set({ status: 'failed', ended_time: t, message: reason })
    .where('run_id', 'in', runs)
    .where('status', '=', 'running')
    .returning(['run_id', 'module'])
    .execute();
  if (stopped.length === 0) return;
  const integration = await db
    .selectFrom('integrations')
    .select('modules')
    .where('integration_id', '=', integrationId)
    .executeTakeFirst();
  if (!integration) return;
  const state = readModules(integration.modules);
  for (const run of stopped) {
    state[run.module] = {
      ...state[run.module],
      last_run_id: run.run_id,
      last_status: 'failed',
      last_sync_time: t,
    };
  }
  await db
    .updateTable('integrations')
    .set({ modules: JSON.stringify(state) })
    .where('integration_id', '=', integrationId)
    .execute();
}

export class LeaseLostError extends Error {
  constructor() {
    super('The sync job lease was lost to another worker.');
    this.name = 'LeaseLostError';
  }
}

/** Sync history: one row per run with its counts, plus the records that failed and why. */
import type { Kysely } from 'kysely';
import type { Database, SyncRunRow } from '../db/schema.js';
import type { Db } from './links.js';

export interface RunCounts {
  fetched: number;
  created: number;
  updated: number;
  skipped: number;
  duplicates: number;
  conflicts: number;
  failed: number;
  deleted: number;
}

export function emptyCounts(): RunCounts {
  return {
    fetched: 0,
    created: 0,
    updated: 0,
    skipped: 0,
    duplicates: 0,
    conflicts: 0,
    failed: 0,
    deleted: 0,
  };
}

export async function addCounts(db: Db, runId: string, c: RunCounts): Promise<void> {
  await db
    .updateTable('sync_runs')
    .set((eb) => ({
      fetched: eb('fetched', '+', c.fetched),
      created: eb('created', '+', c.created),
      updated: eb('updated', '+', c.updated),
      skipped: eb('skipped', '+', c.skipped),
      duplicates: eb('duplicates', '+', c.duplicates),
      conflicts: eb('conflicts', '+', c.conflicts),
      failed: eb('failed', '+', c.failed),
      deleted: eb('deleted', '+', c.deleted),
    }))
    .where('run_id', '=', runId)
    .execute();
}

export interface HistoryEntry extends SyncRunRow {
  failures: Array<{ external_id: string; reason: string }>;
}

/** Newest first. */
export async function listHistory(
  db: Kysely<Database>,
  orgId: string,
  system: 'crm' | 'people',
  opts: { module?: string | undefined; limit: number; offset: number },
): Promise<HistoryEntry[]> {
  let q = db
    .selectFrom('sync_runs')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('system', '=', system)
    .orderBy('started_time', 'desc')
    .orderBy('run_id', 'desc')
    .limit(opts.limit)
    .offset(opts.offset);
  if (opts.module) q = q.where('module', '=', opts.module);
  const runs = await q.execute();
  if (runs.length === 0) return [];
  const failures = await db
    .selectFrom('sync_failures')
    .select(['run_id', 'external_id', 'reason'])
    .where('org_id', '=', orgId)
    .where(
      'run_id',
      'in',
      runs.map((r) => r.run_id),
    )
    .orderBy('failure_id')
    .execute();
  return runs.map((r) => ({
    ...r,
    failures: failures
      .filter((f) => f.run_id === r.run_id)
      .map(({ external_id, reason }) => ({ external_id, reason })),
  }));
}

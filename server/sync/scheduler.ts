/**
 * Which syncs are due, and starting runs: Save and Sync / Instant Sync enqueue jobs now; the daily
 * auto-sync (every 24 hours after the initial sync) enqueues incremental jobs for every connected
 * integration whose next_sync_time has passed.
 */
import type { Kysely } from 'kysely';
import type { Database, IntegrationRow, SyncTrigger } from '../db/schema.js';
import {
  CRM_MODULE_ORDER,
  crmModuleEnabled,
  PEOPLE_MODULE_ORDER,
  peopleModuleEnabled,
  readCrmSettings,
  readPeopleSettings,
} from './integration-settings.js';
import { enqueueJob } from './jobs.js';

/** Enabled modules of an integration, in run order. */
export function enabledModules(integration: IntegrationRow): string[] {
  if (integration.system === 'crm') {
    const s = readCrmSettings(integration.settings);
    return CRM_MODULE_ORDER.filter((m) => crmModuleEnabled(s, m));
  }
  const s = readPeopleSettings(integration.settings);
  return PEOPLE_MODULE_ORDER.filter((m) => peopleModuleEnabled(s, m));
}

/** Enqueues jobs for the given modules (all enabled ones by default), in run order. */
export async function enqueueSync(
  db: Kysely<Database>,
  integration: IntegrationRow,
  trigger: SyncTrigger,
  now: Date,
  newId: () => string,
  modules?: readonly string[],
): Promise<string[]> {
  const order = integration.system === 'crm' ? CRM_MODULE_ORDER : PEOPLE_MODULE_ORDER;
  const wanted = modules ?? enabledModules(integration);
  const ids: string[] = [];
  for (const m of order) {
    if (!wanted.includes(m)) continue;
    ids.push(
      await enqueueJob(
        db,
        { orgId: integration.org_id, integrationId: integration.integration_id, module: m, trigger },
        now,
        newId,
      ),
    );
  }
  return ids;
}

/**
 * Daily auto-sync: enqueue incremental jobs for integrations that are due. Returns how many.
 * Several server instances check at once, so each due integration is claimed first by moving its
 * next_sync_time forward only if it still holds the value read: one instance wins, and it enqueues
 * in the same transaction (a crash in between leaves the integration due, not skipped).
 */
export async function enqueueDueSyncs(db: Kysely<Database>, now: Date, newId: () => string): Promise<number> {
  const due = await db
    .selectFrom('integrations')
    .selectAll()
    .where('status', '=', 'connected')
    .where('initial_sync_time', 'is not', null)
    .where('next_sync_time', '<=', now.toISOString())
    .execute();
  let enqueued = 0;
  for (const integration of due) {
    const won = await db.transaction().execute(async (trx) => {
      const claim = await trx
        .updateTable('integrations')
        // Pushed forward now so a slow run is not enqueued twice; the run's end sets it again.
        .set({ next_sync_time: new Date(now.getTime() + 24 * 60 * 60 * 1000).toISOString() })
        .where('integration_id', '=', integration.integration_id)
        .where('next_sync_time', '=', integration.next_sync_time)
        .executeTakeFirst();
      if (Number(claim.numUpdatedRows) !== 1) return false;
      await enqueueSync(trx, integration, 'daily', now, newId);
      return true;
    });
    if (won) enqueued++;
  }
  return enqueued;
}

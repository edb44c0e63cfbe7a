/**
 * Daily (incremental) CRM runs read only what changed in CRM since the last run. These tests cover
 * records skipped because something they depend on was not in DealSpend yet, and that must come in
 * once it is, although nothing about them changed in CRM.
 */
import { describe, expect, it } from 'vitest';
import { buildSeed } from '../../sandbox/data/seed.js';
import { enqueueDueSyncs } from '../../server/sync/scheduler.js';
import { DIALECTS } from '../helpers/dialects.js';
import { connectCrm, openSyncWorld, type SyncWorld } from './sync-world.js';

const zylker = buildSeed().crmOrgs[0]!;

/** The daily auto-sync, due now, run to the end. */
async function dailySync(w: SyncWorld): Promise<void> {
  await w.db
    .updateTable('integrations')
    .set({ next_sync_time: new Date(Date.now() - 1000).toISOString() })
    .execute();
  // The app's ids, time-ordered, so the jobs run in module order.
  expect(await enqueueDueSyncs(w.db, new Date(), w.app.ctx.ids)).toBe(1);
  await w.drain();
}

async function lastRun(w: SyncWorld, module: string) {
  return (await w.api('GET', `/integrations/crm/synchistory?module=${module}`)).body.sync_runs[0];
}

const ownerEmail = (r: Record<string, unknown>) => (r.Owner as { email: string }).email;

describe.each(DIALECTS)('daily CRM runs catch up on late dependencies (%s)', (dialect) => {
  it("'only potentials associated with users': a deal skipped for its owner comes in once the owner is a user", async () => {
    const w = await openSyncWorld(dialect);
    await connectCrm(w, { module: 'accounts' }, { potentials_mode: 'user', sync_now: true });
    await w.drain();
    const lucas = 'manager@zylker.example';
    const lucasDeals = zylker.Deals.filter((d) => ownerEmail(d) === lucas);
    expect(lucasDeals.length).toBeGreaterThan(0);
    const deals = () => w.db.selectFrom('deals').selectAll().where('org_id', '=', w.orgId).execute();
    const before = await deals();
    expect(before).toHaveLength(zylker.Deals.filter((d) => ownerEmail(d) === 'admin@zylker.example').length);

    // The admin adds Lucas; none of his deals changes in CRM.
    const added = await w.api('POST', '/users', {
      email: lucas,
      name: 'Lucas Martin',
      user_role: 'approver',
    });
    expect(added.status).toBe(201);
    await dailySync(w);
    const after = await deals();
    expect(after).toHaveLength(before.length + lucasDeals.length);
    const mine = after.filter((d) => d.owner_id === added.body.user.user_id);
    expect(mine.map((d) => d.deal_name).sort()).toEqual(lucasDeals.map((d) => String(d.Deal_Name)).sort());
    const run = await lastRun(w, 'deals');
    expect(run).toMatchObject({ trigger: 'daily', status: 'completed', created: lucasDeals.length });

    // Nothing changed since: the next daily run is incremental again and creates nothing.
    await dailySync(w);
    const again = await lastRun(w, 'deals');
    expect(again.run_id).not.toBe(run.run_id);
    expect(again).toMatchObject({ trigger: 'daily', status: 'completed', created: 0 });
    expect(again.fetched).toBeLessThan(zylker.Deals.length / 2);
    expect((await deals()).map((d) => d.deal_id).sort()).toEqual(after.map((d) => d.deal_id).sort());
    const links = await w.db
      .selectFrom('sync_links')
      .select('external_id')
      .where('org_id', '=', w.orgId)
      .where('module', '=', 'deals')
      .execute();
    expect(links).toHaveLength(after.length);
  });
});

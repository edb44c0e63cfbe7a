/**
 * Daily (incremental) CRM runs read only what changed in CRM since the last run. These tests cover
 * records skipped because something they depend on was not in DealSpend yet, and that must come in
 * once it is, although nothing about them changed in CRM.
 */
import { describe, expect, it } from 'vitest';
import { buildSeed } from '../../sandbox/data/seed.js';
import { enqueueDueSyncs } from '../../server/sync/scheduler.js';
import { DIALECTS } from '../helpers/dialects.js';
import { connectCrm, openSyncWorld, type SyncWorld, ZYLKER_CRM_ORG } from './sync-world.js';

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
const accountOf = (c: Record<string, unknown>) => (c.Account_Name as { id: string } | null)?.id;

/** CRM: Accounts & their Contacts, with the "Zoho Expense" account view (and contact view when asked). */
async function connectWithViews(w: SyncWorld, contactView: boolean): Promise<void> {
  await w.connect('crm');
  await w.api('PUT', '/integrations/crm/org', { crm_org_id: ZYLKER_CRM_ORG });
  const viewOf = async (module: string) =>
    (await w.api('GET', `/integrations/crm/views?module=${module}`)).body.views.find(
      (v: { name: string }) => v.name === 'Zoho Expense',
    ).view_id;
  const res = await w.api('PUT', '/integrations/crm/settings', {
    customers: {
      module: 'accounts_and_contacts',
      account_view_id: await viewOf('Accounts'),
      ...(contactView ? { contact_view_id: await viewOf('Contacts') } : {}),
    },
    sync_now: true,
  });
  expect(res.status).toBe(200);
  await w.drain();
}

/** Individual customers with the CRM contact each is linked to, and its local account's CRM id. */
async function syncedContacts(w: SyncWorld) {
  return w.db
    .selectFrom('contacts as c')
    .innerJoin('sync_links as l', (j) =>
      j.onRef('l.local_id', '=', 'c.contact_id').on('l.module', '=', 'contacts'),
    )
    .leftJoin('sync_links as a', (j) =>
      j.onRef('a.local_id', '=', 'c.account_id').on('a.module', '=', 'accounts'),
    )
    .select(['c.contact_id', 'l.external_id', 'a.external_id as account_external_id'])
    .where('c.org_id', '=', w.orgId)
    .where('c.customer_sub_type', '=', 'individual')
    .execute();
}

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

  for (const contactView of [false, true]) {
    it(`Accounts & their Contacts${contactView ? ' (with a contact view)' : ''}: an account that enters the account view brings its unchanged contacts in`, async () => {
      const w = await openSyncWorld(dialect);
      await connectWithViews(w, contactView);
      const inView = (c: Record<string, unknown>) => !contactView || c.Zoho_Expense === true;
      const checked = new Set(zylker.Accounts.filter((a) => a.Zoho_Expense === true).map((a) => a.id));
      const expected = (accounts: Set<string>) =>
        zylker.Contacts.filter((c) => accounts.has(accountOf(c) ?? '') && inView(c))
          .map((c) => c.id)
          .sort();
      const before = await syncedContacts(w);
      expect(before.map((c) => c.external_id).sort()).toEqual(expected(checked));

      // An account outside the view, with contacts (in the contact view too), gets the checkbox.
      const entering = zylker.Accounts.find(
        (a) =>
          !checked.has(a.id) &&
          zylker.Contacts.filter((c) => accountOf(c) === a.id && inView(c)).length >= 1 &&
          zylker.Contacts.filter((c) => accountOf(c) === a.id).length >= 2,
      )!;
      await w.control('PATCH', `/crm/default/Accounts/${entering.id}`, { Zoho_Expense: true });
      await dailySync(w);
      const now = new Set([...checked, entering.id]);
      const after = await syncedContacts(w);
      expect(after.map((c) => c.external_id).sort()).toEqual(expected(now));
      const brought = after.filter(
        (c) => accountOf(zylker.Contacts.find((x) => x.id === c.external_id)!) === entering.id,
      );
      expect(brought.length).toBeGreaterThan(0);
      expect(brought.every((c) => c.account_external_id === entering.id)).toBe(true);
      const run = await lastRun(w, 'contacts');
      expect(run).toMatchObject({ trigger: 'daily', status: 'completed', created: brought.length });
      // Without a contact view only that account's contacts are read; a view cannot filter a
      // related list, so then the view is read whole.
      if (!contactView) expect(run.fetched).toBeLessThan(zylker.Contacts.length / 4);

      // A further daily run creates nothing, and reads incrementally again.
      await dailySync(w);
      const again = await lastRun(w, 'contacts');
      expect(again.run_id).not.toBe(run.run_id);
      expect(again).toMatchObject({ trigger: 'daily', status: 'completed', created: 0 });
      expect(again.fetched).toBeLessThan(zylker.Contacts.length / 4);
      expect((await lastRun(w, 'accounts')).created).toBe(0);
      expect((await syncedContacts(w)).map((c) => c.contact_id).sort()).toEqual(
        after.map((c) => c.contact_id).sort(),
      );
      const customers = await w.db
        .selectFrom('contacts')
        .select('contact_id')
        .where('org_id', '=', w.orgId)
        .execute();
      expect(customers).toHaveLength(now.size + after.length);
    });
  }
});

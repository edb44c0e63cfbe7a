/**
 * Daily (incremental) CRM runs read only what changed in CRM since the last run. These tests cover
 * records skipped because something they depend on was not in DealSpend yet, and that must come in
 * once it is, although nothing about them changed in CRM.
 */
import { describe, expect, it } from 'vitest';
import { buildSeed } from '../../sandbox/data/seed.js';
import { DIALECTS } from '../helpers/dialects.js';
import { insertExpense } from '../helpers/fixtures.js';
import {
  connectCrm,
  connectCrmOrg,
  enqueueDailySyncs,
  openSyncWorld,
  type SyncWorld,
  someCategoryId,
} from './sync-world.js';

const zylker = buildSeed().crmOrgs[0]!;

/** The daily auto-sync, due now, run to the end. */
async function dailySync(w: SyncWorld): Promise<void> {
  expect(await enqueueDailySyncs(w)).toBe(1);
  await w.drain();
}

async function lastRun(w: SyncWorld, module: string) {
  return (await w.api('GET', `/integrations/crm/synchistory?module=${module}`)).body.sync_runs[0];
}

const ownerEmail = (r: Record<string, unknown>) => (r.Owner as { email: string }).email;
const accountOf = (c: Record<string, unknown>) => (c.Account_Name as { id: string } | null)?.id;

/** CRM: Accounts & their Contacts, with the "Zoho Expense" account view (and contact view when asked). */
async function connectWithViews(
  w: SyncWorld,
  contactView: boolean,
  extra: Record<string, unknown> = {},
): Promise<void> {
  await connectCrmOrg(w);
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
    ...extra,
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

type CrmDeal = (typeof zylker.Deals)[number];
interface DealRefs {
  deal_id: string;
  owner_id: string | null;
  account_id: string | null;
  contact_id: string | null;
}

/** Each synced deal's owner, account and contact as DealSpend holds them, by CRM deal id. */
async function syncedDeals(w: SyncWorld): Promise<Map<string, DealRefs>> {
  const rows = await w.db
    .selectFrom('deals as d')
    .innerJoin('sync_links as l', (j) => j.onRef('l.local_id', '=', 'd.deal_id').on('l.module', '=', 'deals'))
    .select(['l.external_id', 'd.deal_id', 'd.owner_id', 'd.account_id', 'd.contact_id'])
    .where('d.org_id', '=', w.orgId)
    .execute();
  return new Map(rows.map(({ external_id, ...refs }) => [external_id, refs]));
}

/** CRM id → local id of the records of a CRM module synced so far. */
async function linked(w: SyncWorld, module: string): Promise<Map<string, string>> {
  const rows = await w.db
    .selectFrom('sync_links')
    .select(['external_id', 'local_id'])
    .where('org_id', '=', w.orgId)
    .where('module', '=', module)
    .execute();
  return new Map(rows.map((r) => [r.external_id, r.local_id]));
}

/**
 * What a deal written now would hold: its CRM owner, account and contact where they are synced
 * (the owner by CRM user link, else by email), else nothing.
 */
async function expectedRefs(w: SyncWorld, crm: CrmDeal) {
  const users = await linked(w, 'users');
  const accounts = await linked(w, 'accounts');
  const contacts = await linked(w, 'contacts');
  const byEmail = new Map(
    (await w.db.selectFrom('users').select(['user_id', 'email']).where('org_id', '=', w.orgId).execute()).map(
      (u) => [u.email, u.user_id],
    ),
  );
  const ref = (v: unknown) => (v as { id: string } | null)?.id ?? '';
  return {
    owner_id: users.get(ref(crm.Owner)) ?? byEmail.get(ownerEmail(crm)) ?? null,
    account_id: accounts.get(ref(crm.Account_Name)) ?? null,
    contact_id: contacts.get(ref(crm.Contact_Name)) ?? null,
  };
}

/** Every synced deal holds what a deal written now would, but for the ids listed in `except`. */
async function expectDealsUpToDate(
  w: SyncWorld,
  crmDeals: readonly CrmDeal[],
  except: ReadonlyMap<string, Partial<DealRefs>> = new Map(),
): Promise<Map<string, DealRefs>> {
  const synced = await syncedDeals(w);
  for (const crm of crmDeals) {
    const mine = synced.get(crm.id);
    if (!mine) continue;
    const expected = { ...(await expectedRefs(w, crm)), ...except.get(crm.id) };
    expect({ id: crm.id, ...mine }).toEqual({ id: crm.id, deal_id: mine.deal_id, ...expected });
  }
  return synced;
}

/** The spend-per-deal report's row of a deal (its account as analytics shows it). */
async function spendRow(w: SyncWorld, dealId: string) {
  const res = await w.api('GET', '/analytics/spend-per-deal?per_page=200');
  expect(res.status).toBe(200);
  return res.body.report.tables[0].rows.find((r: { deal_id: string }) => r.deal_id === dealId);
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

  for (const mode of ['all', 'user'] as const) {
    it(`a deal's account and contact synced after the deal are filled in by the next daily run ('${mode}' potentials)`, async () => {
      const w = await openSyncWorld(dialect);
      const rep = 'rep@zylker.example';
      if (mode === 'user') {
        const res = await w.api('POST', '/users', { email: rep, name: 'Rita Gomez', user_role: 'submitter' });
        expect(res.status).toBe(201);
      }
      await connectWithViews(w, false, { potentials_mode: mode });
      const kept = zylker.Deals.filter((d) => mode === 'all' || ownerEmail(d) === rep);
      const dealsOf = (accountId: string) => kept.filter((d) => accountOf(d) === accountId);
      const outside = zylker.Accounts.filter((a) => a.Zoho_Expense !== true && dealsOf(a.id).length > 0).sort(
        (a, b) => dealsOf(b.id).length - dealsOf(a.id).length,
      );
      // The account outside the view with the most deals, and another one.
      const entering = outside[0]!;
      const other = outside.find((a) => a.id !== entering.id)!;
      // Deals a daily run does not read again (it reads from a second before the newest it saw).
      const newest = Math.max(...zylker.Deals.map((d) => Date.parse(String(d.Modified_Time))));
      const unread = dealsOf(entering.id).filter((d) => Date.parse(String(d.Modified_Time)) < newest - 1000);
      const deal = unread.find((d) => d.Contact_Name)!;
      const editedHere = unread.find((d) => d.id !== deal.id)!;
      const emptied = dealsOf(other.id)[0]!;

      const before = await expectDealsUpToDate(w, kept);
      expect(before.size).toBe(kept.length);
      for (const d of [...dealsOf(entering.id), ...dealsOf(other.id)]) {
        expect(before.get(d.id)).toMatchObject({ account_id: null, contact_id: null });
      }
      // Spend on the deal, for the per-deal analytics.
      const admin = await w.db
        .selectFrom('users')
        .select('user_id')
        .where('org_id', '=', w.orgId)
        .where('email', '=', 'admin@zylker.example')
        .executeTakeFirstOrThrow();
      const dealId = before.get(deal.id)!.deal_id;
      await insertExpense(w.db, {
        org_id: w.orgId,
        user_id: admin.user_id,
        category_id: await someCategoryId(w),
        deal_id: dealId,
        status: 'approved',
      });
      expect(await spendRow(w, dealId)).toMatchObject({ account_id: null, account_name: null });

      // An admin sets a deal's account in DealSpend (to none): that choice stands.
      const local = before.get(editedHere.id)!;
      const current = await w.api('GET', `/deals/${local.deal_id}`);
      const put = await w.api('PUT', `/deals/${local.deal_id}`, {
        account_id: null,
        last_modified_time: current.body.deal.last_modified_time,
      });
      expect(put.status).toBe(200);
      // Another deal loses its account in CRM; both accounts then enter the view. None of the
      // first account's deals changes in CRM.
      await w.control('PATCH', `/crm/default/Deals/${emptied.id}`, { Account_Name: null });
      await w.control('PATCH', `/crm/default/Accounts/${entering.id}`, { Zoho_Expense: true });
      await w.control('PATCH', `/crm/default/Accounts/${other.id}`, { Zoho_Expense: true });
      await dailySync(w);

      const crmNow = kept.map((d) => (d.id === emptied.id ? { ...d, Account_Name: null } : d));
      const after = await expectDealsUpToDate(w, crmNow, new Map([[editedHere.id, { account_id: null }]]));
      const accounts = await linked(w, 'accounts');
      const contacts = await linked(w, 'contacts');
      const accountId = accounts.get(entering.id)!;
      expect(accountId).toBeTruthy();
      const contactId = contacts.get((deal.Contact_Name as { id: string }).id)!;
      expect(contactId).toBeTruthy();
      expect(after.get(deal.id)).toMatchObject({ account_id: accountId, contact_id: contactId });
      expect(after.get(editedHere.id)!.account_id).toBeNull();
      expect(after.get(emptied.id)!.account_id).toBeNull();
      const filled = dealsOf(entering.id).filter((d) => d.id !== editedHere.id);
      for (const d of filled) expect(after.get(d.id)!.account_id).toBe(accountId);
      const run = await lastRun(w, 'deals');
      expect(run).toMatchObject({ trigger: 'daily', status: 'completed', created: 0 });
      // Read incrementally (only the deal edited in CRM, give or take one), the rest filled in place.
      expect(run.fetched).toBeLessThan(zylker.Deals.length / 4);
      expect(run.updated).toBeGreaterThan(run.fetched);
      expect(await spendRow(w, dealId)).toMatchObject({
        account_id: accountId,
        account_name: entering.Account_Name,
      });

      // A further daily run changes nothing, and reads incrementally.
      await dailySync(w);
      const again = await lastRun(w, 'deals');
      expect(again.run_id).not.toBe(run.run_id);
      expect(again).toMatchObject({ trigger: 'daily', status: 'completed', created: 0 });
      expect(again.fetched).toBeLessThan(zylker.Deals.length / 4);
      expect(again.updated).toBe(again.fetched);
      expect(await syncedDeals(w)).toEqual(after);
    });
  }

  it("a contact imported with Search in Zoho CRM becomes its deals' contact at the next daily run", async () => {
    const w = await openSyncWorld(dialect);
    await connectCrm(w, { module: 'accounts' }, { sync_now: true });
    await w.drain();
    const contactOf = (d: CrmDeal) => (d.Contact_Name as { id: string } | null)?.id;
    const before = await expectDealsUpToDate(w, zylker.Deals);
    expect(before.size).toBe(zylker.Deals.length);
    expect([...before.values()].every((d) => d.contact_id === null && d.account_id !== null)).toBe(true);

    // The contact of a deal that a daily run does not read again.
    const newest = Math.max(...zylker.Deals.map((d) => Date.parse(String(d.Modified_Time))));
    const contact = contactOf(
      zylker.Deals.find((d) => contactOf(d) && Date.parse(String(d.Modified_Time)) < newest - 1000)!,
    )!;
    const imported = await w.api('POST', '/integrations/crm/import', { module: 'Contacts', id: contact });
    expect(imported.status).toBe(200);
    await dailySync(w);
    const after = await expectDealsUpToDate(w, zylker.Deals);
    for (const d of zylker.Deals) {
      expect(after.get(d.id)!.contact_id).toBe(contactOf(d) === contact ? imported.body.customer_id : null);
      expect(after.get(d.id)!.account_id).toBe(before.get(d.id)!.account_id);
    }
    const run = await lastRun(w, 'deals');
    expect(run).toMatchObject({ trigger: 'daily', status: 'completed', created: 0 });
    expect(run.fetched).toBeLessThan(zylker.Deals.length / 4);
    expect(run.updated).toBeGreaterThan(run.fetched);

    await dailySync(w);
    const again = await lastRun(w, 'deals');
    expect(again).toMatchObject({ trigger: 'daily', status: 'completed', created: 0 });
    expect(again.updated).toBe(again.fetched);
    expect(await syncedDeals(w)).toEqual(after);
  });

  it("'All potentials': a deal whose owner becomes a user gets that owner at the next daily run", async () => {
    const w = await openSyncWorld(dialect);
    await connectCrm(w, { module: 'accounts' }, { potentials_mode: 'all', sync_now: true });
    await w.drain();
    const lucas = 'manager@zylker.example';
    const before = await expectDealsUpToDate(w, zylker.Deals);
    expect(before.size).toBe(zylker.Deals.length);
    const lucasDeals = zylker.Deals.filter((d) => ownerEmail(d) === lucas);
    expect(lucasDeals.length).toBeGreaterThan(0);
    for (const d of lucasDeals) expect(before.get(d.id)!.owner_id).toBeNull();

    // The admin adds Lucas; none of his deals changes in CRM.
    const added = await w.api('POST', '/users', {
      email: lucas,
      name: 'Lucas Martin',
      user_role: 'approver',
    });
    expect(added.status).toBe(201);
    await dailySync(w);
    const after = await expectDealsUpToDate(w, zylker.Deals);
    for (const d of zylker.Deals) {
      expect(after.get(d.id)!.owner_id).toBe(
        ownerEmail(d) === lucas ? added.body.user.user_id : before.get(d.id)!.owner_id,
      );
    }
    const run = await lastRun(w, 'deals');
    expect(run).toMatchObject({ trigger: 'daily', status: 'completed', created: 0 });
    expect(run.fetched).toBeLessThan(zylker.Deals.length / 4);
    expect(run.updated).toBeGreaterThan(run.fetched);
    const row = await w.api('GET', `/deals/${after.get(lucasDeals[0]!.id)!.deal_id}`);
    expect(row.body.deal).toMatchObject({ owner_id: added.body.user.user_id, owner_name: 'Lucas Martin' });

    await dailySync(w);
    const again = await lastRun(w, 'deals');
    expect(again).toMatchObject({ trigger: 'daily', status: 'completed', created: 0 });
    expect(again.updated).toBe(again.fetched);
    expect(await syncedDeals(w)).toEqual(after);
  });

  it('deals synced before they remembered their references are all read once more by the next daily run', async () => {
    const w = await openSyncWorld(dialect);
    await connectWithViews(w, false, { potentials_mode: 'all' });
    // As an older version left them: no remembered CRM ids, and a marker with its deals scope.
    await w.db
      .updateTable('deals')
      .set({ crm_owner_id: null, crm_owner_email: null, crm_account_id: null, crm_contact_id: null })
      .execute();
    const integration = await w.db
      .selectFrom('integrations')
      .select(['integration_id', 'modules'])
      .where('org_id', '=', w.orgId)
      .where('system', '=', 'crm')
      .executeTakeFirstOrThrow();
    const modules = JSON.parse(integration.modules);
    expect(JSON.parse(modules.deals.scope).at(-1)).toBe('crm-refs');
    modules.deals.scope = JSON.stringify(JSON.parse(modules.deals.scope).slice(0, -1));
    await w.db
      .updateTable('integrations')
      .set({ modules: JSON.stringify(modules) })
      .where('integration_id', '=', integration.integration_id)
      .execute();
    const entering = zylker.Accounts.find(
      (a) => a.Zoho_Expense !== true && zylker.Deals.some((d) => accountOf(d) === a.id),
    )!;
    await w.control('PATCH', `/crm/default/Accounts/${entering.id}`, { Zoho_Expense: true });

    await dailySync(w);
    const run = await lastRun(w, 'deals');
    expect(run).toMatchObject({ trigger: 'daily', status: 'completed', fetched: zylker.Deals.length });
    const after = await expectDealsUpToDate(w, zylker.Deals);
    const accountId = (await linked(w, 'accounts')).get(entering.id);
    for (const d of zylker.Deals.filter((x) => accountOf(x) === entering.id)) {
      expect(after.get(d.id)!.account_id).toBe(accountId);
    }
    const remembered = await w.db
      .selectFrom('deals')
      .select('crm_account_id')
      .where('org_id', '=', w.orgId)
      .where('crm_account_id', 'is', null)
      .execute();
    expect(remembered).toHaveLength(0);

    // Then daily runs are incremental again.
    await dailySync(w);
    const again = await lastRun(w, 'deals');
    expect(again.fetched).toBeLessThan(zylker.Deals.length / 4);
    expect(await syncedDeals(w)).toEqual(after);
  });
});

import { describe, expect, it } from 'vitest';
import { buildSeed } from '../../sandbox/data/seed.js';
import { customerNameKey } from '../../server/domain/sync-duplicates.js';
import { DIALECTS } from '../helpers/dialects.js';
import { insertContact, insertExpense, insertUser } from '../helpers/fixtures.js';
import {
  connectCrm,
  connectCrmOrg,
  enqueueDailySyncs,
  openSyncWorld,
  type SyncWorld,
  someCategoryId,
  untilFirstPageWritten,
  userByEmail,
} from './sync-world.js';

const seed = buildSeed();
const zylker = seed.crmOrgs[0]!;

/** A DealSpend user not yet signed in (no zuid), as an admin adds one by hand. */
async function addUser(w: SyncWorld, email: string, role: 'submitter' | 'approver') {
  await insertUser(w.db, w.orgId, {
    user_id: `u-${email}`.replace(/[^a-z0-9-]/g, ''),
    zuid: null,
    email,
    name: email,
    user_role: role,
  });
}

const crmUser = (email: string) => zylker.users.find((u) => u.email === email)!;

/** Tom has no Reporting_To in CRM; CRM is then connected with the users module synced. */
async function syncCrmUsersWithTomUnmanaged(w: SyncWorld) {
  await w.control('PATCH', `/crm/default/users/${crmUser('tom.becker@zylker.example').id}`, {
    Reporting_To: null,
  });
  await connectCrmOrg(w);
  await w.api('PUT', '/integrations/crm/settings', { users: { enabled: true } });
  await w.drain();
}

/** An Instant Sync of CRM users, run to its end. */
async function syncCrmUsersNow(w: SyncWorld) {
  expect((await w.api('POST', '/integrations/crm/sync', { module: 'users' })).status).toBe(202);
  await w.drain();
  const run = (await w.api('GET', '/integrations/crm/synchistory?module=users')).body.sync_runs[0];
  expect(run.status).toBe('completed');
}

async function customers(w: SyncWorld) {
  return w.db.selectFrom('contacts').selectAll().where('org_id', '=', w.orgId).execute();
}

describe.each(DIALECTS)('Zoho CRM options (%s)', (dialect) => {
  it('Sync CRM Users imports every CRM user, active up to the seat count and the rest inactive', async () => {
    const w = await openSyncWorld(dialect);
    await w.db
      .updateTable('organizations')
      .set({ settings: JSON.stringify({ potentials_mode: 'all', seat_count: 5 }) })
      .execute();
    await connectCrmOrg(w);
    const res = await w.api('PUT', '/integrations/crm/settings', { users: { enabled: true } });
    expect(res.status).toBe(200);
    await w.drain();
    const users = await w.db.selectFrom('users').selectAll().where('org_id', '=', w.orgId).execute();
    expect(users).toHaveLength(zylker.users.length);
    expect(users.filter((u) => u.status === 'active')).toHaveLength(5);
    // Managers come from Reporting_To and become approvers.
    const rita = users.find((u) => u.email === 'rep@zylker.example');
    const lucas = users.find((u) => u.email === 'manager@zylker.example');
    expect(rita?.manager_id).toBe(lucas?.user_id);
    expect(lucas?.user_role).toBe('approver');
    // Disable sync: the users module stops taking part.
    await w.api('PUT', '/integrations/crm/settings', { users: { enabled: false } });
    const status = await w.api('GET', '/integrations/crm');
    expect(
      status.body.integration.modules.find((m: { module: string }) => m.module === 'users').enabled,
    ).toBe(false);
  });

  it('Reporting_To emptied in CRM clears the manager; a manager CRM never named is kept', async () => {
    const w = await openSyncWorld(dialect);
    // A user CRM gives no manager from the start.
    await syncCrmUsersWithTomUnmanaged(w);
    const user = (email: string) => userByEmail(w, email);
    const lucas = await user('manager@zylker.example');
    const nina = await user('manager.west@zylker.example');
    const rita = await user('rep@zylker.example');
    expect(rita.manager_id).toBe(lucas.user_id);
    const tom = await user('tom.becker@zylker.example');
    expect(tom.manager_id).toBeNull();
    // An admin sets Tom's manager in DealSpend.
    await w.db
      .updateTable('users')
      .set({ manager_id: nina.user_id })
      .where('user_id', '=', tom.user_id)
      .execute();

    await w.control('PATCH', `/crm/default/users/${crmUser('rep@zylker.example').id}`, {
      Reporting_To: null,
    });
    await syncCrmUsersNow(w);
    expect((await user('rep@zylker.example')).manager_id).toBeNull();
    expect((await w.api('GET', `/users/${rita.user_id}`)).body.user.manager_id).toBeNull();
    expect((await user('tom.becker@zylker.example')).manager_id).toBe(nina.user_id);
    expect((await user('omar.haddad@zylker.example')).manager_id).toBe(lucas.user_id);
    // Lucas was named by others and stays an approver.
    expect((await user('manager@zylker.example')).user_role).toBe('approver');

    // Another run changes neither; naming a manager again in CRM sets it.
    await syncCrmUsersNow(w);
    expect((await user('rep@zylker.example')).manager_id).toBeNull();
    expect((await user('tom.becker@zylker.example')).manager_id).toBe(nina.user_id);
    await w.control('PATCH', `/crm/default/users/${crmUser('rep@zylker.example').id}`, {
      Reporting_To: crmUser('manager.west@zylker.example').id,
    });
    await syncCrmUsersNow(w);
    expect((await user('rep@zylker.example')).manager_id).toBe(nina.user_id);
  });

  it('after an upgrade, links with no record of Reporting_To keep a manager set by hand for a user CRM gives none', async () => {
    const w = await openSyncWorld(dialect);
    await syncCrmUsersWithTomUnmanaged(w);
    const user = (email: string) => userByEmail(w, email);
    const lucas = await user('manager@zylker.example');
    const nina = await user('manager.west@zylker.example');
    const tom = await user('tom.becker@zylker.example');
    // The links as a release before the Reporting_To record wrote them; an admin sets Tom's manager.
    await w.db
      .updateTable('sync_links')
      .set({ field_hashes: '{}' })
      .where('org_id', '=', w.orgId)
      .where('module', '=', 'users')
      .execute();
    await w.db
      .updateTable('users')
      .set({ manager_id: nina.user_id })
      .where('user_id', '=', tom.user_id)
      .execute();

    await syncCrmUsersNow(w);
    expect((await user('tom.becker@zylker.example')).manager_id).toBe(nina.user_id);
    expect((await user('rep@zylker.example')).manager_id).toBe(lucas.user_id);
    // That sync recorded what CRM sent, so later runs keep telling "never named" from "emptied".
    await syncCrmUsersNow(w);
    expect((await user('tom.becker@zylker.example')).manager_id).toBe(nina.user_id);
    await w.control('PATCH', `/crm/default/users/${crmUser('rep@zylker.example').id}`, {
      Reporting_To: null,
    });
    await syncCrmUsersNow(w);
    expect((await user('rep@zylker.example')).manager_id).toBeNull();
    expect((await user('tom.becker@zylker.example')).manager_id).toBe(nina.user_id);
  });

  it('manual import lists CRM users not in DealSpend and imports the chosen ones with their roles', async () => {
    const w = await openSyncWorld(dialect);
    await connectCrmOrg(w);
    const list = await w.api('GET', '/integrations/crm/users/importable');
    expect(list.status).toBe(200);
    const emails = list.body.users.map((u: { email: string }) => u.email);
    expect(emails).not.toContain('admin@zylker.example');
    const pick = list.body.users.find((u: { email: string }) => u.email === 'finance@zylker.example');
    const res = await w.api('POST', '/integrations/crm/users/import', {
      users: [{ crm_user_id: pick.crm_user_id, user_role: 'approver' }],
    });
    expect(res.status).toBe(200);
    expect(res.body.imported).toBe(1);
    const u = await w.db
      .selectFrom('users')
      .selectAll()
      .where('email', '=', 'finance@zylker.example')
      .executeTakeFirstOrThrow();
    expect(u.user_role).toBe('approver');
    expect(u.is_from_crm).toBe(1);
    const again = await w.api('GET', '/integrations/crm/users/importable');
    expect(again.body.users.map((x: { email: string }) => x.email)).not.toContain('finance@zylker.example');
  });

  it('Accounts only, with the "Zoho Expense" view, imports just the checked accounts', async () => {
    const w = await openSyncWorld(dialect);
    await connectCrmOrg(w);
    const views = await w.api('GET', '/integrations/crm/views?module=Accounts');
    const view = views.body.views.find((v: { name: string }) => v.name === 'Zoho Expense');
    expect(view).toBeTruthy();
    await w.api('PUT', '/integrations/crm/settings', {
      customers: { module: 'accounts', account_view_id: view.view_id },
      sync_now: true,
    });
    await w.drain();
    const rows = await customers(w);
    expect(rows).toHaveLength(zylker.Accounts.filter((a) => a.Zoho_Expense === true).length);
    expect(rows.every((r) => r.customer_sub_type === 'business')).toBe(true);
  });

  it('Contacts only imports every contact as an individual; the unassociated option adds them with Accounts & Contacts', async () => {
    const w = await openSyncWorld(dialect);
    await connectCrm(w, { module: 'contacts' }, { sync_now: true });
    await w.drain();
    expect((await customers(w)).filter((c) => c.customer_sub_type === 'individual')).toHaveLength(
      zylker.Contacts.length,
    );

    const v = await openSyncWorld(dialect);
    await connectCrm(v, { include_unassociated_contacts: true }, { sync_now: true });
    await v.drain();
    expect((await customers(v)).filter((c) => c.customer_sub_type === 'individual')).toHaveLength(
      zylker.Contacts.length,
    );
  });

  it('duplicates: Skip keeps the existing customer, Overwrite merges into it, Clone creates both', async () => {
    const name = String(zylker.Accounts[0]!.Account_Name);
    for (const [mode, expectCount] of [
      ['skip', 1],
      ['overwrite', 1],
      ['clone', 2],
    ] as const) {
      const w = await openSyncWorld(dialect);
      const now = new Date().toISOString();
      for (const id of ['1', '2']) {
        await insertContact(w.db, w.orgId, {
          contact_id: `dup${id}`,
          contact_name: name,
          phone: id === '1' ? 'local-phone' : null,
          created_time: now,
        });
        if (mode !== 'overwrite') break;
      }
      await connectCrm(w, { module: 'accounts', duplicates: mode }, { sync_now: true });
      await w.drain();
      const same = (await customers(w)).filter((c) => c.contact_name === name);
      expect(same, mode).toHaveLength(expectCount);
      if (mode === 'skip') expect(same[0]?.phone).toBe('local-phone');
      if (mode === 'overwrite') expect(same[0]?.phone).toBe(zylker.Accounts[0]!.Phone);
      const run = (await w.api('GET', '/integrations/crm/synchistory?module=accounts')).body.sync_runs[0];
      expect(run.duplicates, mode).toBe(mode === 'clone' ? 0 : 1);
    }
  });

  it('duplicates are found whatever the case and surrounding spaces of the name', async () => {
    const name = String(zylker.Accounts[0]!.Account_Name);
    for (const mode of ['skip', 'overwrite'] as const) {
      const w = await openSyncWorld(dialect);
      await insertContact(w.db, w.orgId, {
        contact_id: 'shouting',
        contact_name: `  ${name.toUpperCase()} `,
        phone: 'local-phone',
      });
      await connectCrm(w, { module: 'accounts', duplicates: mode }, { sync_now: true });
      await w.drain();
      const same = (await customers(w)).filter(
        (c) => c.contact_name.trim().toLowerCase() === name.toLowerCase(),
      );
      expect(
        same.map((c) => c.contact_id),
        mode,
      ).toEqual(['shouting']);
      // Overwrite takes CRM's values into the existing customer; Skip leaves it as it was.
      expect(same[0]!.phone, mode).toBe(mode === 'skip' ? 'local-phone' : zylker.Accounts[0]!.Phone);
      const run = (await w.api('GET', '/integrations/crm/synchistory?module=accounts')).body.sync_runs[0];
      expect(run.duplicates, mode).toBe(1);
    }
  });

  it('duplicates are found whatever the Unicode case, form and inner spaces of the name', async () => {
    const crmName = 'Élan du Nord GmbH';
    for (const mode of ['skip', 'overwrite'] as const) {
      const w = await openSyncWorld(dialect);
      // Added in DealSpend, then renamed: upper-case É, a decomposed É and repeated inner spaces.
      const made = await w.api('POST', '/contacts', { contact_name: 'Elan', customer_sub_type: 'business' });
      const local = made.body.contact;
      const renamed = await w.api('PUT', `/contacts/${local.contact_id}`, {
        contact_name: '  ÉLAN   DU  NORD GMBH ',
        phone: 'local-phone',
        last_modified_time: local.last_modified_time,
      });
      expect(renamed.status).toBe(200);
      const other = await w.api('POST', '/contacts', {
        contact_name: 'E\u0301lan  du   nord gmbh',
        customer_sub_type: 'business',
      });
      expect(other.status).toBe(201);
      await w.control('POST', '/crm/default/Accounts', { Account_Name: crmName });
      await connectCrm(w, { module: 'accounts', duplicates: mode }, { sync_now: true });
      await w.drain();
      const same = (await customers(w)).filter(
        (c) => customerNameKey(c.contact_name) === 'élan du nord gmbh',
      );
      const run = (await w.api('GET', '/integrations/crm/synchistory?module=accounts')).body.sync_runs[0];
      expect(run.duplicates, mode).toBe(1);
      if (mode === 'skip') {
        // Skip: the CRM account is not synced; both DealSpend customers stay as they were.
        expect(same.map((c) => c.contact_id).sort(), mode).toEqual(
          [local.contact_id, other.body.contact.contact_id].sort(),
        );
        expect(same.find((c) => c.contact_id === local.contact_id)!.phone).toBe('local-phone');
      } else {
        // Overwrite: the two merge into the older one, which takes CRM's name.
        expect(
          same.map((c) => [c.contact_id, c.contact_name]),
          mode,
        ).toEqual([[local.contact_id, crmName]]);
      }
    }
  });

  it('duplicates: Overwrite repoints expense attendees at the surviving customer, without listing it twice', async () => {
    const w = await openSyncWorld(dialect);
    const name = String(zylker.Accounts[0]!.Account_Name);
    const now = new Date().toISOString();
    for (const [id, contactName] of [
      ['dup1', name],
      ['dup2', name],
      ['dup20', 'Someone else'],
    ] as const) {
      await insertContact(w.db, w.orgId, { contact_id: id, contact_name: contactName, created_time: now });
    }
    const admin = await w.db
      .selectFrom('users')
      .select('user_id')
      .where('email', '=', 'admin@zylker.example')
      .executeTakeFirstOrThrow();
    const categoryId = await someCategoryId(w);
    const expense = (attendees: object[]) =>
      insertExpense(w.db, {
        org_id: w.orgId,
        user_id: admin.user_id,
        category_id: categoryId,
        attendees: JSON.stringify(attendees),
      });
    const merged = await expense([
      { contact_id: 'dup2' },
      { user_id: admin.user_id },
      { contact_id: 'dup20' },
    ]);
    const both = await expense([{ contact_id: 'dup2' }, { contact_id: 'dup1' }]);
    const other = await expense([{ contact_id: 'dup20' }]);

    await connectCrm(w, { module: 'accounts', duplicates: 'overwrite' }, { sync_now: true });
    await w.drain();
    expect((await customers(w)).filter((c) => c.contact_name === name).map((c) => c.contact_id)).toEqual([
      'dup1',
    ]);
    const attendees = async (id: string) =>
      JSON.parse(
        (
          await w.db
            .selectFrom('expenses')
            .select('attendees')
            .where('expense_id', '=', id)
            .executeTakeFirstOrThrow()
        ).attendees,
      );
    expect(await attendees(merged.expense_id)).toEqual([
      { contact_id: 'dup1' },
      { user_id: admin.user_id },
      { contact_id: 'dup20' },
    ]);
    expect(await attendees(both.expense_id)).toEqual([{ contact_id: 'dup1' }]);
    expect(await attendees(other.expense_id)).toEqual([{ contact_id: 'dup20' }]);
    const view = await w.api('GET', `/expenses/${merged.expense_id}`);
    expect(view.body.expense.attendees[0]).toEqual({ contact_id: 'dup1', name });
  });

  it('incremental daily runs apply CRM edits and deletions', async () => {
    const w = await openSyncWorld(dialect);
    await connectCrm(w, { module: 'accounts' }, { sync_now: true });
    await w.drain();
    const [a0, a1] = zylker.Accounts;
    await w.control('PATCH', `/crm/default/Accounts/${a0!.id}`, { Account_Name: 'Renamed Corp' });
    await w.control('DELETE', `/crm/default/Accounts/${a1!.id}`);
    const created = await w.control('POST', '/crm/default/Accounts', { Account_Name: 'Brand New Ltd' });
    // A daily run (due now) reads only what changed since the last run.
    expect(await enqueueDailySyncs(w)).toBe(1);
    await w.drain();
    const rows = await customers(w);
    expect(rows.map((r) => r.contact_name)).toEqual(
      expect.arrayContaining(['Renamed Corp', 'Brand New Ltd']),
    );
    expect(rows.map((r) => r.contact_name)).not.toContain(String(a1!.Account_Name));
    expect(rows).toHaveLength(zylker.Accounts.length);
    const run = (await w.api('GET', '/integrations/crm/synchistory?module=accounts')).body.sync_runs[0];
    expect(run.trigger).toBe('daily');
    expect(run.fetched).toBeLessThan(zylker.Accounts.length / 2);
    expect(run.deleted).toBe(1);
    expect(created.record.id).toBeTruthy();
  });

  it('settings saved with Sync Later (view, unassociated contacts, potentials) make the next daily run read every record they select', async () => {
    const w = await openSyncWorld(dialect);
    await addUser(w, 'rep@zylker.example', 'submitter');
    await connectCrmOrg(w);
    const views = await w.api('GET', '/integrations/crm/views?module=Accounts');
    const view = views.body.views.find((v: { name: string }) => v.name === 'Zoho Expense');
    await w.api('PUT', '/integrations/crm/settings', {
      customers: { account_view_id: view.view_id },
      potentials_mode: 'user',
      sync_now: true,
    });
    await w.drain();
    const checked = zylker.Accounts.filter((a) => a.Zoho_Expense === true);
    expect((await customers(w)).filter((c) => c.customer_sub_type === 'business')).toHaveLength(
      checked.length,
    );
    // Save and Sync Later: no run now; the daily run is the next one.
    const saved = await w.api('PUT', '/integrations/crm/settings', {
      customers: { account_view_id: null, include_unassociated_contacts: true },
      potentials_mode: 'all',
    });
    expect(saved.status).toBe(200);
    expect(await enqueueDailySyncs(w)).toBe(1);
    await w.drain();
    const rows = await customers(w);
    expect(rows.filter((c) => c.customer_sub_type === 'business')).toHaveLength(zylker.Accounts.length);
    expect(rows.filter((c) => c.customer_sub_type === 'individual')).toHaveLength(zylker.Contacts.length);
    expect(await w.db.selectFrom('deals').select('deal_id').execute()).toHaveLength(zylker.Deals.length);
    const runs = (await w.api('GET', '/integrations/crm/synchistory')).body.sync_runs;
    expect(runs.filter((r: { trigger: string }) => r.trigger === 'daily').length).toBeGreaterThan(0);

    // With the settings unchanged, the following daily run is incremental again.
    await enqueueDailySyncs(w);
    await w.drain();
    const last = (await w.api('GET', '/integrations/crm/synchistory?module=accounts')).body.sync_runs[0];
    expect(last.trigger).toBe('daily');
    expect(last.fetched).toBeLessThan(zylker.Accounts.length / 2);
  });

  it('two-way: DealSpend edits are written to CRM and a field changed on both sides becomes a conflict', async () => {
    const w = await openSyncWorld(dialect);
    await connectCrm(w, { module: 'accounts', extent: 'two_way' }, { sync_now: true });
    await w.drain();
    const a0 = zylker.Accounts[0]!;
    const link = await w.db
      .selectFrom('sync_links')
      .selectAll()
      .where('external_id', '=', a0.id)
      .executeTakeFirstOrThrow();
    const later = new Date(Date.now() + 5000).toISOString();
    // Local edit of the phone only → pushed.
    await w.db
      .updateTable('contacts')
      .set({ phone: '+1 555 9999', last_modified_time: later })
      .where('contact_id', '=', link.local_id)
      .execute();
    // A customer created in DealSpend → inserted into CRM.
    await insertContact(w.db, w.orgId, {
      contact_id: 'local-new',
      contact_name: 'Made In DealSpend',
      created_time: later,
    });
    await w.api('POST', '/integrations/crm/sync', { module: 'accounts' });
    await w.drain();
    const remote = await w.sandbox.inject({ method: 'GET', url: `/__sandbox/state` });
    expect(remote.statusCode).toBe(200);
    const search = await w.api('GET', '/integrations/crm/search?type=accounts&q=Made%20In');
    expect(search.body.results[0]?.customer_id).toBe('local-new');

    // Both sides change the phone → conflict.
    const a1 = zylker.Accounts[1]!;
    const l1 = await w.db
      .selectFrom('sync_links')
      .selectAll()
      .where('external_id', '=', a1.id)
      .executeTakeFirstOrThrow();
    await w.control('PATCH', `/crm/default/Accounts/${a1.id}`, { Phone: '+1 555 0001' });
    const later2 = new Date(Date.now() + 10_000).toISOString();
    await w.db
      .updateTable('contacts')
      .set({ phone: '+1 555 0002', last_modified_time: later2 })
      .where('contact_id', '=', l1.local_id)
      .execute();
    await w.api('POST', '/integrations/crm/sync', { module: 'accounts' });
    await w.drain();
    const conflicts = await w.api('GET', '/integrations/crm/conflicts');
    expect(conflicts.body.conflicts).toHaveLength(1);
    const c = conflicts.body.conflicts[0];
    expect(c).toMatchObject({ field: 'phone', local_value: '+1 555 0002', remote_value: '+1 555 0001' });
    const resolved = await w.api('POST', `/integrations/crm/conflicts/${c.conflict_id}/resolve`, {
      keep: 'remote',
    });
    expect(resolved.status).toBe(200);
    const row = await w.db
      .selectFrom('contacts')
      .selectAll()
      .where('contact_id', '=', l1.local_id)
      .executeTakeFirstOrThrow();
    expect(row.phone).toBe('+1 555 0001');
    expect((await w.api('GET', '/integrations/crm/conflicts')).body.conflicts).toHaveLength(0);
  });

  it('Search in Zoho CRM finds contacts by name and accounts with their contacts; a pick is imported and linked', async () => {
    const w = await openSyncWorld(dialect);
    await connectCrmOrg(w);
    const c0 = zylker.Contacts.find((c) => c.Account_Name)!;
    const byName = await w.api(
      'GET',
      `/integrations/crm/search?type=contacts&q=${encodeURIComponent(String(c0.Last_Name))}`,
    );
    expect(byName.status).toBe(200);
    expect(byName.body.results.map((r: { crm_id: string }) => r.crm_id)).toContain(c0.id);
    const accountName = String((c0.Account_Name as { name: string }).name);
    const byAccount = await w.api(
      'GET',
      `/integrations/crm/search?type=accounts&q=${encodeURIComponent(accountName)}`,
    );
    const acc = byAccount.body.results.find((r: { name: string }) => r.name === accountName);
    expect(acc.contacts.map((r: { crm_id: string }) => r.crm_id)).toContain(c0.id);
    const imported = await w.api('POST', '/integrations/crm/import', { module: 'Contacts', id: c0.id });
    expect(imported.status).toBe(200);
    const twice = await w.api('POST', '/integrations/crm/import', { module: 'Contacts', id: c0.id });
    expect(twice.body.customer_id).toBe(imported.body.customer_id);
    const rows = await customers(w);
    expect(rows).toHaveLength(2);
    expect(rows.find((r) => r.contact_id === imported.body.customer_id)?.account_id).toBeTruthy();
    const missing = await w.api('POST', '/integrations/crm/import', { module: 'Contacts', id: '1234' });
    expect(missing.status).toBe(404);

    // A rep filling an expense may search and import too (not only admins).
    const added = await w.api('POST', '/users', {
      email: 'rep.search@zylker.example',
      name: 'Rep Search',
      user_role: 'submitter',
    });
    expect(added.status).toBe(201);
    const rep = { authorization: 'Zoho-oauthtoken test:rep.search@zylker.example' };
    const repSearch = await w.app.inject({
      method: 'GET',
      url: `/api/v1/integrations/crm/search?type=accounts&q=${encodeURIComponent(accountName)}`,
      headers: rep,
    });
    expect(repSearch.statusCode).toBe(200);
    const repImport = await w.app.inject({
      method: 'POST',
      url: '/api/v1/integrations/crm/import',
      headers: rep,
      payload: { module: 'Contacts', id: c0.id },
    });
    expect(repImport.statusCode).toBe(200);
    expect(repImport.json().customer_id).toBe(imported.body.customer_id);
  });

  it('Potentials: only potentials associated with users keeps deals owned by DealSpend users', async () => {
    const w = await openSyncWorld(dialect);
    await addUser(w, 'rep@zylker.example', 'submitter');
    await connectCrm(w, { module: 'accounts' }, { potentials_mode: 'user', sync_now: true });
    await w.drain();
    const deals = await w.db.selectFrom('deals').selectAll().where('org_id', '=', w.orgId).execute();
    const owned = zylker.Deals.filter((d) =>
      ['admin@zylker.example', 'rep@zylker.example'].includes((d.Owner as { email: string }).email),
    );
    expect(owned.length).toBeGreaterThan(0);
    expect(deals).toHaveLength(owned.length);
    expect(deals.every((d) => d.owner_id !== null && d.forecast_type !== undefined)).toBe(true);
    expect((await w.api('GET', '/integrations/crm')).body.integration.potentials_mode).toBe('user');
  });

  it('Sync Modules Enable is reported to the widget, and to every member as the state of the modules', async () => {
    const w = await openSyncWorld(dialect);
    await addUser(w, 'rep@zylker.example', 'submitter');
    const asRep = async () => {
      const res = await w.app.inject({
        method: 'GET',
        url: '/api/v1/integrations/crm/modules',
        headers: { authorization: 'Zoho-oauthtoken test:rep@zylker.example' },
      });
      expect(res.statusCode).toBe(200);
      return res.json().sync_modules;
    };
    // Without a CRM integration nothing is gated.
    expect(await asRep()).toEqual({ integration: 'none', enabled: false });
    await w.connect('crm');
    expect((await w.api('GET', '/integrations/crm')).body.integration.modules_enabled).toBe(false);
    expect(await asRep()).toEqual({ integration: 'connected', enabled: false });
    await w.api('PUT', '/integrations/crm/settings', { modules_enabled: true });
    expect((await w.api('GET', '/integrations/crm')).body.integration.modules_enabled).toBe(true);
    expect(await asRep()).toEqual({ integration: 'connected', enabled: true });
    await w.api('POST', '/integrations/crm/disable');
    expect(await asRep()).toEqual({ integration: 'disabled', enabled: true });
  });

  it('Delete needs Disable first; converting only records with transactions deletes the rest and notifies', async () => {
    const w = await openSyncWorld(dialect);
    await connectCrm(w, { module: 'accounts' }, { sync_now: true });
    await w.drain();
    expect((await w.api('DELETE', '/integrations/crm?conversion=all')).status).toBe(409);
    expect((await w.api('POST', '/integrations/crm/disable')).status).toBe(200);
    expect((await w.api('POST', '/integrations/crm/sync', {})).status).toBe(409);
    const res = await w.api('DELETE', '/integrations/crm?conversion=with_transactions');
    expect(res.status).toBe(200);
    expect(res.body.deleted).toBeGreaterThan(0);
    expect(await customers(w)).toHaveLength(0);
    expect(await w.db.selectFrom('sync_links').selectAll().execute()).toHaveLength(0);
    const notes = await w.api('GET', '/integrations/notifications');
    expect(notes.body.notifications[0].kind).toBe('integration_deleted');
    expect((await w.api('GET', '/integrations/crm')).body.integration.status).toBe('not_connected');
  });

  it('a customer deleted in CRM that an expense lists only as an attendee is kept, inactive, with its name', async () => {
    const w = await openSyncWorld(dialect);
    await connectCrm(w, {}, { sync_now: true });
    await w.drain();
    const [attendee, unused] = await w.db
      .selectFrom('sync_links as l')
      .innerJoin('contacts as c', 'c.contact_id', 'l.local_id')
      .select(['l.external_id', 'c.contact_id', 'c.contact_name'])
      .where('l.module', '=', 'contacts')
      .orderBy('l.external_id')
      .limit(2)
      .execute();
    const categoryId = await someCategoryId(w);
    const created = await w.api('POST', '/expenses', {
      date: '2026-01-16',
      category_id: categoryId,
      amount: 42,
      attendees: [{ contact_id: attendee!.contact_id }],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    await w.control('DELETE', `/crm/default/Contacts/${attendee!.external_id}`);
    await w.control('DELETE', `/crm/default/Contacts/${unused!.external_id}`);
    await enqueueDailySyncs(w);
    await w.drain();
    const run = (await w.api('GET', '/integrations/crm/synchistory?module=contacts')).body.sync_runs[0];
    expect(run).toMatchObject({ trigger: 'daily', status: 'completed', deleted: 2 });

    const left = await w.db
      .selectFrom('contacts')
      .select(['contact_id', 'status'])
      .where('contact_id', 'in', [attendee!.contact_id, unused!.contact_id])
      .execute();
    expect(left).toEqual([{ contact_id: attendee!.contact_id, status: 'inactive' }]);
    const view = await w.api('GET', `/expenses/${created.body.expense.expense_id}`);
    expect(view.body.expense.attendees).toEqual([
      { contact_id: attendee!.contact_id, name: attendee!.contact_name },
    ]);
  });

  it('Delete Integration converting only records with transactions keeps customers used only as attendees', async () => {
    const w = await openSyncWorld(dialect);
    await connectCrm(w, {}, { sync_now: true });
    await w.drain();
    const synced = await customers(w);
    const individual = synced.find((c) => c.customer_sub_type === 'individual')!;
    const business = synced.find((c) => c.customer_sub_type === 'business')!;
    const admin = await w.db
      .selectFrom('users')
      .select('user_id')
      .where('email', '=', 'admin@zylker.example')
      .executeTakeFirstOrThrow();
    const categoryId = await someCategoryId(w);
    const expense = await insertExpense(w.db, {
      org_id: w.orgId,
      user_id: admin.user_id,
      category_id: categoryId,
      attendees: JSON.stringify([
        { user_id: admin.user_id },
        { contact_id: individual.contact_id },
        { contact_id: business.contact_id },
      ]),
    });
    // Text that is not a list of attendees uses no customer.
    const other = synced.find((c) => c !== individual && c !== business)!;
    for (const attendees of [
      '[]',
      JSON.stringify({ contact_id: other.contact_id }),
      JSON.stringify(['contact_id', other.contact_id, 3, null, [{ contact_id: other.contact_id }]]),
    ]) {
      await insertExpense(w.db, {
        org_id: w.orgId,
        user_id: admin.user_id,
        category_id: categoryId,
        attendees,
      });
    }
    expect((await w.api('POST', '/integrations/crm/disable')).status).toBe(200);
    const res = await w.api('DELETE', '/integrations/crm?conversion=with_transactions');
    expect(res.status).toBe(200);
    // Every other customer goes, with the deals (none has transactions).
    expect(res.body.deleted).toBe(synced.length - 2 + zylker.Deals.length);
    expect((await customers(w)).map((c) => c.contact_id).sort()).toEqual(
      [individual.contact_id, business.contact_id].sort(),
    );
    const view = await w.api('GET', `/expenses/${expense.expense_id}`);
    expect(view.body.expense.attendees.map((a: { name: string }) => a.name)).toEqual([
      expect.any(String),
      individual.contact_name,
      business.contact_name,
    ]);

    // However many customers are asked about at once.
    const { customersInUse } = await import('../../server/modules/contacts/customer-usage.js');
    const many = Array.from({ length: 70_000 }, (_, i) => `missing-${i}`);
    const used = await customersInUse(w.db, w.orgId, [...many, individual.contact_id, business.contact_id]);
    expect([...used].sort()).toEqual([individual.contact_id, business.contact_id].sort());
  });

  it('Disable Integration stops a run in progress: no further page is written and the run is closed', async () => {
    const w = await openSyncWorld(dialect, { sandbox: { scale: 1200 } });
    await w.control('POST', '/faults', { path: '/crm/v8/Accounts*', latencyMs: 100 });
    await connectCrm(w, { module: 'accounts' }, { sync_now: true });
    const running = w.drain();
    await untilFirstPageWritten(w, 'accounts');
    expect((await w.api('POST', '/integrations/crm/disable')).status).toBe(200);
    const atDisable = await w.db.selectFrom('contacts').select('contact_id').execute();
    await running;
    // The page fetched ahead of the stopped run need not wait any longer.
    await w.control('DELETE', '/faults');
    expect(atDisable.length).toBeLessThan(1200);
    expect(await w.db.selectFrom('contacts').select('contact_id').execute()).toHaveLength(atDisable.length);
    const runs = await w.db.selectFrom('sync_runs').selectAll().execute();
    expect(runs.map((r) => r.status)).toEqual(['failed']);
    expect(runs[0]?.message).toMatch(/disabled/);
    // The accounts job and the deals job queued after it.
    const jobs = await w.db.selectFrom('sync_jobs').select('status').execute();
    expect(jobs.map((j) => j.status)).toEqual(['cancelled', 'cancelled']);
  });

  it('Disable Sync of customers stops their run in progress and cancels the deals job queued after it', async () => {
    const w = await openSyncWorld(dialect, { sandbox: { scale: 1200 } });
    await w.control('POST', '/faults', { path: '/crm/v8/Accounts*', latencyMs: 100 });
    await connectCrm(w, { module: 'accounts' }, { sync_now: true });
    const running = w.drain();
    await untilFirstPageWritten(w, 'accounts');
    expect((await w.api('PUT', '/integrations/crm/settings', { customers: { enabled: false } })).status).toBe(
      200,
    );
    const atDisable = await w.db.selectFrom('contacts').select('contact_id').execute();
    await running;
    await w.control('DELETE', '/faults');
    expect(atDisable.length).toBeLessThan(1200);
    expect(await w.db.selectFrom('contacts').select('contact_id').execute()).toHaveLength(atDisable.length);
    const runs = await w.db.selectFrom('sync_runs').selectAll().execute();
    expect(runs.map((r) => [r.module, r.status])).toEqual([['accounts', 'failed']]);
    expect(runs[0]?.message).toMatch(/disabled/);
    const jobs = await w.db.selectFrom('sync_jobs').select(['module', 'status']).orderBy('job_id').execute();
    expect(jobs).toEqual([
      { module: 'accounts', status: 'cancelled' },
      { module: 'deals', status: 'cancelled' },
    ]);
    expect((await w.api('GET', '/integrations/crm')).body.integration.status).toBe('connected');
  });

  it.each([
    ['Disable Sync', { customers: { enabled: false } }],
    ['Disable Integration', null],
  ] as const)("a run stopped by %s is the module's last run in Check Status", async (_, settings) => {
    const w = await openSyncWorld(dialect, { sandbox: { scale: 1200 } });
    await connectCrm(w, { module: 'accounts' }, { sync_now: true });
    await w.drain();
    const accounts = async () =>
      (await w.api('GET', '/integrations/crm')).body.integration.modules.find(
        (m: { module: string }) => m.module === 'accounts',
      );
    expect(await accounts()).toMatchObject({ state: 'idle', last_status: 'completed' });

    await w.control('POST', '/faults', { path: '/crm/v8/Accounts*', latencyMs: 100 });
    expect((await w.api('POST', '/integrations/crm/sync', { module: 'accounts' })).status).toBe(202);
    const running = w.drain();
    await untilFirstPageWritten(w, 'accounts');
    const stop = settings
      ? await w.api('PUT', '/integrations/crm/settings', settings)
      : await w.api('POST', '/integrations/crm/disable');
    expect(stop.status).toBe(200);
    await running;
    await w.control('DELETE', '/faults');

    const run = (await w.api('GET', '/integrations/crm/synchistory?module=accounts')).body.sync_runs[0];
    expect(run).toMatchObject({
      trigger: 'instant',
      status: 'failed',
      message: expect.stringMatching(/^Stopped/),
    });
    expect(await accounts()).toMatchObject({
      state: 'failed',
      last_status: 'failed',
      last_sync_time: run.ended_time,
    });
    const state = await w.db.selectFrom('integrations').select('modules').executeTakeFirstOrThrow();
    expect(JSON.parse(state.modules).accounts.last_run_id).toBe(run.run_id);
  });

  it('a submitter gets 403 from every integration route', async () => {
    const w = await openSyncWorld(dialect);
    await addUser(w, 'rep@zylker.example', 'submitter');
    const res = await w.app.inject({
      method: 'GET',
      url: '/api/v1/integrations/crm',
      headers: { authorization: 'Zoho-oauthtoken test:rep@zylker.example' },
    });
    expect(res.statusCode).toBe(403);
  });
});

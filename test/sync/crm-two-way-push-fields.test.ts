/**
 * "Sync both ways": what DealSpend pushes to Zoho CRM, to which record, and what the next pull
 * makes of it. Everything goes through the sandbox's Zoho CRM over real HTTP.
 */
import { describe, expect, it } from 'vitest';
import { buildSeed } from '../../sandbox/data/seed.js';
import { DIALECTS } from '../helpers/dialects.js';
import { ADMIN, connectCrm, openSyncWorld, type SyncWorld } from './sync-world.js';

const zylker = buildSeed().crmOrgs[0]!;
type Module = 'Accounts' | 'Contacts';

/** A CRM record as Zoho CRM answers it now, read over HTTP with a token of the admin's. */
async function crmRecord(w: SyncWorld, module: Module, id: string, fields: string) {
  const token = (await w.control('POST', '/tokens', { email: ADMIN })) as { access_token: string };
  const res = await fetch(`${w.sandboxUrl}/crm/v8/${module}/${id}?fields=${fields}`, {
    headers: { authorization: `Zoho-oauthtoken ${token.access_token}` },
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { data: Array<Record<string, unknown>> }).data[0]!;
}

/** How many records Zylker's CRM holds in each module. */
async function crmCounts(w: SyncWorld): Promise<Record<string, number>> {
  const res = await w.sandbox.inject({ url: '/__sandbox/state' });
  return res.json().orgs[0].records;
}

/** Instant Sync of one module, run to the end; its history entry. */
async function sync(w: SyncWorld, module: 'accounts' | 'contacts') {
  expect((await w.api('POST', '/integrations/crm/sync', { module })).status).toBe(202);
  await w.drain();
  return (await w.api('GET', `/integrations/crm/synchistory?module=${module}`)).body.sync_runs[0];
}

/** Accounts & their Contacts, both ways, synced once. */
async function twoWay(dialect: (typeof DIALECTS)[number]) {
  const w = await openSyncWorld(dialect);
  await connectCrm(w, { extent: 'two_way' }, { sync_now: true });
  await w.drain();
  /** The customer linked to a CRM record. */
  const customerOf = async (module: Module, crmId: string) => {
    const link = await w.db
      .selectFrom('sync_links')
      .select('local_id')
      .where('module', '=', module.toLowerCase())
      .where('external_id', '=', crmId)
      .executeTakeFirstOrThrow();
    return link.local_id;
  };
  const edit = async (customerId: string, changes: Record<string, unknown>) => {
    const current = (await w.api('GET', `/contacts/${customerId}`)).body.contact;
    const res = await w.api('PUT', `/contacts/${customerId}`, {
      ...changes,
      last_modified_time: current.last_modified_time,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  };
  const local = (customerId: string) => w.api('GET', `/contacts/${customerId}`).then((r) => r.body.contact);
  const customerCount = async () => {
    const row = await w.db
      .selectFrom('contacts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('org_id', '=', w.orgId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };
  return { w, customerOf, edit, local, customerCount };
}

/** A seeded CRM contact that belongs to a seeded account, and another account. */
function contactWithAccount() {
  const contact = zylker.Contacts.find((c) => c.Account_Name && c.Email)!;
  const accountId = (contact.Account_Name as { id: string }).id;
  const other = zylker.Accounts.find((a) => a.id !== accountId)!;
  return { contact, accountId, other };
}

describe.each(DIALECTS)('two-way customer sync writes edits to the linked CRM record (%s)', (dialect) => {
  it('renaming an account updates its CRM record by id instead of creating another', async () => {
    const { w, customerOf, edit, local, customerCount } = await twoWay(dialect);
    const account = zylker.Accounts[0]!;
    const id = await customerOf('Accounts', account.id);
    const before = { crm: await crmCounts(w), customers: await customerCount() };
    await edit(id, { contact_name: 'Zylker Renamed Ltd' });

    expect(await sync(w, 'accounts')).toMatchObject({ status: 'completed', failed: 0, created: 0 });
    expect(await crmRecord(w, 'Accounts', account.id, 'Account_Name')).toMatchObject({
      Account_Name: 'Zylker Renamed Ltd',
    });
    expect(await crmCounts(w)).toEqual(before.crm);
    // The next run reads the renamed record back into the same customer and keeps the name.
    await sync(w, 'accounts');
    expect(await local(id)).toMatchObject({ contact_name: 'Zylker Renamed Ltd' });
    expect(await customerCount()).toBe(before.customers);
  });

  it("changing a contact's email updates its CRM record by id instead of creating another", async () => {
    const { w, customerOf, edit, local, customerCount } = await twoWay(dialect);
    const { contact } = contactWithAccount();
    const id = await customerOf('Contacts', contact.id);
    const before = { crm: await crmCounts(w), customers: await customerCount() };
    await edit(id, { email: 'new.address@elsewhere.example' });

    expect(await sync(w, 'contacts')).toMatchObject({ status: 'completed', failed: 0, created: 0 });
    expect(await crmRecord(w, 'Contacts', contact.id, 'Email,Last_Name')).toMatchObject({
      Email: 'new.address@elsewhere.example',
      Last_Name: contact.Last_Name,
    });
    expect(await crmCounts(w)).toEqual(before.crm);
    await sync(w, 'contacts');
    expect(await local(id)).toMatchObject({ email: 'new.address@elsewhere.example' });
    expect(await customerCount()).toBe(before.customers);
  });
});

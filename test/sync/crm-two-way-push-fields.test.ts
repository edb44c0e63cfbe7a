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

describe.each(DIALECTS)(
  "two-way customer sync: a contact's account is merged like a field (%s)",
  (dialect) => {
    it('a contact moved to another account in DealSpend is moved in CRM, even when CRM changed the contact meanwhile', async () => {
      const { w, customerOf, edit, local } = await twoWay(dialect);
      const { contact, other } = contactWithAccount();
      const id = await customerOf('Contacts', contact.id);
      const otherId = await customerOf('Accounts', other.id);
      await edit(id, { account_id: otherId });
      // CRM changes another field of the contact, so the pull before the push reads it again.
      await w.control('PATCH', `/crm/default/Contacts/${contact.id}`, { Title: 'Head of Buying' });

      expect(await sync(w, 'contacts')).toMatchObject({ status: 'completed', failed: 0 });
      expect(await local(id)).toMatchObject({ account_id: otherId });
      expect(await crmRecord(w, 'Contacts', contact.id, 'Account_Name,Title')).toMatchObject({
        Account_Name: { id: other.id, name: other.Account_Name },
        Title: 'Head of Buying',
      });
      await sync(w, 'contacts');
      expect(await local(id)).toMatchObject({ account_id: otherId });
      expect((await w.api('GET', '/integrations/crm/conflicts')).body.conflicts).toEqual([]);
    });

    it('a contact moved to different accounts on both sides is a conflict, and keeping DealSpend’s writes it to CRM', async () => {
      const { w, customerOf, edit, local } = await twoWay(dialect);
      const { contact, accountId, other } = contactWithAccount();
      const third = zylker.Accounts.find((a) => a.id !== accountId && a.id !== other.id)!;
      const id = await customerOf('Contacts', contact.id);
      const otherId = await customerOf('Accounts', other.id);
      await w.control('PATCH', `/crm/default/Contacts/${contact.id}`, { Account_Name: { id: third.id } });
      await edit(id, { account_id: otherId });

      await sync(w, 'contacts');
      const conflicts = (await w.api('GET', '/integrations/crm/conflicts')).body.conflicts;
      expect(conflicts).toEqual([
        expect.objectContaining({
          field: 'account_id',
          field_label: 'Account',
          local_value: other.Account_Name,
          remote_value: third.Account_Name,
        }),
      ]);
      // Until it is resolved the side changed last (DealSpend's) holds.
      expect(await local(id)).toMatchObject({ account_id: otherId });
      const resolved = await w.api(
        'POST',
        `/integrations/crm/conflicts/${conflicts[0].conflict_id}/resolve`,
        {
          keep: 'local',
        },
      );
      expect(resolved.status).toBe(200);
      // A second choice (another admin, a double click) is told the conflict is already resolved.
      const again = await w.api('POST', `/integrations/crm/conflicts/${conflicts[0].conflict_id}/resolve`, {
        keep: 'remote',
      });
      expect(again).toMatchObject({
        status: 404,
        body: { message: 'The sync conflict does not exist or has already been resolved.' },
      });
      await sync(w, 'contacts');
      expect(await crmRecord(w, 'Contacts', contact.id, 'Account_Name')).toMatchObject({
        Account_Name: { id: other.id },
      });
      expect(await local(id)).toMatchObject({ account_id: otherId });
    });

    it("removing a contact's account in DealSpend removes it in CRM", async () => {
      const { w, customerOf, edit, local } = await twoWay(dialect);
      const { contact } = contactWithAccount();
      const id = await customerOf('Contacts', contact.id);
      await edit(id, { account_id: null });
      expect(await sync(w, 'contacts')).toMatchObject({ status: 'completed', failed: 0 });
      expect(await crmRecord(w, 'Contacts', contact.id, 'Account_Name')).toMatchObject({
        Account_Name: null,
      });
      await sync(w, 'contacts');
      expect(await local(id)).toMatchObject({ account_id: null });
    });
  },
);

describe.each(DIALECTS)('two-way customer sync pushes every field the user edits (%s)', (dialect) => {
  it("a contact's new name is written to CRM's First_Name and Last_Name and survives the next pull", async () => {
    const { w, customerOf, edit, local } = await twoWay(dialect);
    const { contact } = contactWithAccount();
    const id = await customerOf('Contacts', contact.id);
    await edit(id, { contact_name: 'Mary Ann Lee' });
    await w.control('PATCH', `/crm/default/Contacts/${contact.id}`, { Title: 'Buyer' });

    expect(await sync(w, 'contacts')).toMatchObject({ status: 'completed', failed: 0 });
    expect(await crmRecord(w, 'Contacts', contact.id, 'First_Name,Last_Name,Full_Name')).toMatchObject({
      First_Name: 'Mary Ann',
      Last_Name: 'Lee',
      Full_Name: 'Mary Ann Lee',
    });
    // The next pull reads the record back: the name stays, and the split names come with it.
    await sync(w, 'contacts');
    expect(await local(id)).toMatchObject({
      contact_name: 'Mary Ann Lee',
      first_name: 'Mary Ann',
      last_name: 'Lee',
    });
    expect((await w.api('GET', '/integrations/crm/conflicts')).body.conflicts).toEqual([]);
  });

  it("an account's new company name is written to CRM's Account_Name and becomes its name on both sides", async () => {
    const { w, customerOf, edit, local } = await twoWay(dialect);
    const account = zylker.Accounts[2]!;
    const id = await customerOf('Accounts', account.id);
    await edit(id, { company_name: 'Zylker Holdings Inc' });

    expect(await sync(w, 'accounts')).toMatchObject({ status: 'completed', failed: 0 });
    expect(await crmRecord(w, 'Accounts', account.id, 'Account_Name')).toMatchObject({
      Account_Name: 'Zylker Holdings Inc',
    });
    await sync(w, 'accounts');
    expect(await local(id)).toMatchObject({
      contact_name: 'Zylker Holdings Inc',
      company_name: 'Zylker Holdings Inc',
    });
  });

  it('fields edited after a push are still compared with what CRM holds, so a later pull does not take them back', async () => {
    const { w, customerOf, edit, local } = await twoWay(dialect);
    const { contact } = contactWithAccount();
    const id = await customerOf('Contacts', contact.id);
    // A first push (the phone), then edits the next pull must not revert: a contact's company name
    // (which has no CRM field of its own) and its name.
    await edit(id, { phone: '+1 555 4242' });
    expect(await sync(w, 'contacts')).toMatchObject({ status: 'completed', failed: 0 });
    await edit(id, { company_name: 'Side Project Ltd', contact_name: 'Pat Q Example' });
    await w.control('PATCH', `/crm/default/Contacts/${contact.id}`, { Title: 'Buyer' });

    expect(await sync(w, 'contacts')).toMatchObject({ status: 'completed', failed: 0 });
    await w.control('PATCH', `/crm/default/Contacts/${contact.id}`, { Title: 'Chief Buyer' });
    await sync(w, 'contacts');
    expect(await local(id)).toMatchObject({
      phone: '+1 555 4242',
      company_name: 'Side Project Ltd',
      contact_name: 'Pat Q Example',
    });
    expect(await crmRecord(w, 'Contacts', contact.id, 'Full_Name,Phone')).toMatchObject({
      Full_Name: 'Pat Q Example',
      Phone: '+1 555 4242',
    });
  });
});

const TYPED_MAPS = {
  Accounts: {
    Account_Name: 'contact_name',
    Phone: 'phone',
    Zoho_Expense: 'custom:In Expense',
    Employees: 'custom:Staff',
    Annual_Revenue: 'custom:Revenue',
  },
  Contacts: {
    First_Name: 'first_name',
    Last_Name: 'last_name',
    Email: 'email',
    Phone: 'phone',
    Date_of_Birth: 'custom:Birthday',
  },
};

describe.each(DIALECTS)('two-way customer sync: custom fields of typed CRM fields (%s)', (dialect) => {
  it('a mapping to a CRM field whose values the DealSpend field cannot hold is refused with 400', async () => {
    const w = await openSyncWorld(dialect);
    await connectCrm(w, { extent: 'two_way' });
    const put = (map: Record<string, string>) =>
      w.api('PUT', '/integrations/crm/settings', { customers: { field_map: { Accounts: map } } });
    const bool = await put({ Account_Name: 'contact_name', Zoho_Expense: 'phone' });
    expect(bool.status).toBe(400);
    expect(bool.body).toEqual({
      code: 6410,
      message: expect.stringMatching(
        /Zoho_Expense holds true\/false values .*phone holds text.*custom field/,
      ),
    });
    const owner = await put({ Account_Name: 'contact_name', Owner: 'custom:Owner' });
    expect(owner.status).toBe(400);
    expect(owner.body.message).toMatch(/Owner is a ownerlookup field/);
    const unknown = await put({ Account_Name: 'contact_name', Head_Count: 'custom:Staff' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toMatch(/has no field Head_Count/);
    // Nothing was saved.
    const saved = (await w.api('GET', '/integrations/crm')).body.integration.settings.customers.field_map;
    expect(saved.Accounts).toEqual({ Account_Name: 'contact_name', Phone: 'phone' });
    expect((await put(TYPED_MAPS.Accounts)).status).toBe(200);
  });

  it('custom fields go to boolean, integer, currency and date CRM fields as their types and read back unchanged', async () => {
    const w = await openSyncWorld(dialect);
    await connectCrm(w, { extent: 'two_way', field_map: TYPED_MAPS }, { sync_now: true });
    await w.drain();
    const account = zylker.Accounts[0]!;
    const { contact } = contactWithAccount();
    const ids = await w.db
      .selectFrom('sync_links')
      .select(['external_id', 'local_id'])
      .where('external_id', 'in', [account.id, contact.id])
      .execute();
    const idOf = (crmId: string) => ids.find((l) => l.external_id === crmId)!.local_id;
    const edit = async (id: string, custom: Record<string, unknown>) => {
      const current = (await w.api('GET', `/contacts/${id}`)).body.contact;
      const res = await w.api('PUT', `/contacts/${id}`, {
        custom_fields: { ...current.custom_fields, ...custom },
        last_modified_time: current.last_modified_time,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    };
    const flag = account.Zoho_Expense !== true;
    // A number and a boolean as the API takes them, and a decimal written as text.
    await edit(idOf(account.id), { 'In Expense': flag, Staff: 250, Revenue: '1250000.50' });
    await edit(idOf(contact.id), { Birthday: '1990-04-01' });

    expect(await sync(w, 'accounts')).toMatchObject({ status: 'completed', failed: 0 });
    expect(await sync(w, 'contacts')).toMatchObject({ status: 'completed', failed: 0 });
    expect(await crmRecord(w, 'Accounts', account.id, 'Zoho_Expense,Employees,Annual_Revenue')).toMatchObject(
      {
        Zoho_Expense: flag,
        Employees: 250,
        Annual_Revenue: 1250000.5,
      },
    );
    expect(await crmRecord(w, 'Contacts', contact.id, 'Date_of_Birth')).toMatchObject({
      Date_of_Birth: '1990-04-01',
    });
    // The next runs read the records back: the same values, nothing pending, no conflict.
    expect(await sync(w, 'accounts')).toMatchObject({ status: 'completed', failed: 0 });
    await sync(w, 'contacts');
    const custom = (await w.api('GET', `/contacts/${idOf(account.id)}`)).body.contact.custom_fields;
    expect([custom['In Expense'], custom.Staff, Number(custom.Revenue)].map(String)).toEqual([
      String(flag),
      '250',
      '1250000.5',
    ]);
    expect((await w.api('GET', `/contacts/${idOf(contact.id)}`)).body.contact.custom_fields.Birthday).toBe(
      '1990-04-01',
    );
    expect((await w.api('GET', '/integrations/crm/conflicts')).body.conflicts).toEqual([]);
  });

  it('custom numbers and booleans keep their JSON type through a push and the pull after it, and CRM numbers arrive as numbers', async () => {
    const w = await openSyncWorld(dialect);
    await connectCrm(w, { extent: 'two_way', field_map: TYPED_MAPS }, { sync_now: true });
    await w.drain();
    const account = zylker.Accounts[2]!;
    const link = await w.db
      .selectFrom('sync_links')
      .select('local_id')
      .where('external_id', '=', account.id)
      .executeTakeFirstOrThrow();
    const customOf = async () =>
      (await w.api('GET', `/contacts/${link.local_id}`)).body.contact.custom_fields as Record<
        string,
        unknown
      >;
    // The seeded checkbox arrives as a boolean.
    expect(await customOf()).toMatchObject({ 'In Expense': account.Zoho_Expense === true });
    const current = (await w.api('GET', `/contacts/${link.local_id}`)).body.contact;
    const flag = account.Zoho_Expense !== true;
    const res = await w.api('PUT', `/contacts/${link.local_id}`, {
      custom_fields: { ...current.custom_fields, 'In Expense': flag, Staff: 42, Revenue: 12.5 },
      last_modified_time: current.last_modified_time,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);

    expect(await sync(w, 'accounts')).toMatchObject({ status: 'completed', failed: 0 });
    expect(await crmRecord(w, 'Accounts', account.id, 'Zoho_Expense,Employees,Annual_Revenue')).toMatchObject(
      { Zoho_Expense: flag, Employees: 42, Annual_Revenue: 12.5 },
    );
    // The next run reads the pushed record back: nothing changes locally, nothing is pushed.
    expect(await sync(w, 'accounts')).toMatchObject({ status: 'completed', failed: 0, updated: 0 });
    const after = await customOf();
    expect(after).toMatchObject({ 'In Expense': flag, Staff: 42, Revenue: 12.5 });
    expect([typeof after['In Expense'], typeof after.Staff, typeof after.Revenue]).toEqual([
      'boolean',
      'number',
      'number',
    ]);

    // CRM changes the numbers: they arrive as numbers, and are not pushed back.
    await w.control('PATCH', `/crm/default/Accounts/${account.id}`, {
      Employees: 300,
      Annual_Revenue: 99.25,
    });
    expect(await sync(w, 'accounts')).toMatchObject({ status: 'completed', failed: 0, updated: 1 });
    expect(await customOf()).toMatchObject({ 'In Expense': flag, Staff: 300, Revenue: 99.25 });
    expect(await sync(w, 'accounts')).toMatchObject({ status: 'completed', failed: 0, updated: 0 });
    expect(await crmRecord(w, 'Accounts', account.id, 'Employees,Annual_Revenue')).toMatchObject({
      Employees: 300,
      Annual_Revenue: 99.25,
    });
    expect((await w.api('GET', '/integrations/crm/conflicts')).body.conflicts).toEqual([]);
  });

  it('a custom value its CRM field cannot take stays pending with the reason, and goes once it can', async () => {
    const w = await openSyncWorld(dialect);
    await connectCrm(w, { extent: 'two_way', field_map: TYPED_MAPS }, { sync_now: true });
    await w.drain();
    const account = zylker.Accounts[1]!;
    const link = await w.db
      .selectFrom('sync_links')
      .select('local_id')
      .where('external_id', '=', account.id)
      .executeTakeFirstOrThrow();
    const edit = async (custom: Record<string, unknown>) => {
      const current = (await w.api('GET', `/contacts/${link.local_id}`)).body.contact;
      await w.api('PUT', `/contacts/${link.local_id}`, {
        custom_fields: { ...current.custom_fields, ...custom },
        last_modified_time: current.last_modified_time,
      });
    };
    await edit({ Staff: 'about forty' });
    for (const attempt of [1, 2]) {
      const run = await sync(w, 'accounts');
      expect(run.failures, `run ${attempt}`).toEqual([
        {
          external_id: account.id,
          reason: expect.stringMatching(/Staff "about forty".*Employees.*whole numbers/),
        },
      ]);
      expect((await w.api('GET', `/contacts/${link.local_id}`)).body.contact.custom_fields.Staff).toBe(
        'about forty',
      );
    }
    expect(await crmRecord(w, 'Accounts', account.id, 'Employees')).toMatchObject({ Employees: null });
    await edit({ Staff: '40' });
    expect(await sync(w, 'accounts')).toMatchObject({ status: 'completed', failed: 0 });
    expect(await crmRecord(w, 'Accounts', account.id, 'Employees')).toMatchObject({ Employees: 40 });
  });
});

/**
 * The conflicts list names each field as the admin knows it (`field_label`), next to its key, with
 * the names Field mapping shows. Conflicts come from a real two-way sync with the sandbox's Zoho CRM.
 */
import { describe, expect, it } from 'vitest';
import { buildSeed } from '../../sandbox/data/seed.js';
import { DIALECTS } from '../helpers/dialects.js';
import { connectCrm, openSyncWorld, type SyncWorld } from './sync-world.js';

const zylker = buildSeed().crmOrgs[0]!;

/** Contacts both ways, with CRM's Mailing City kept in the DealSpend custom field "City". */
const CONTACTS_MAP = {
  First_Name: 'first_name',
  Last_Name: 'last_name',
  Email: 'email',
  Phone: 'phone',
  Mailing_City: 'custom:City',
};

/** A contact changed on both sides (first name and city), synced: two open conflicts. */
async function conflictingContact(dialect: (typeof DIALECTS)[number]): Promise<SyncWorld> {
  const w = await openSyncWorld(dialect);
  await connectCrm(
    w,
    { module: 'contacts', extent: 'two_way', field_map: { Contacts: CONTACTS_MAP } },
    { sync_now: true },
  );
  await w.drain();
  const crm = zylker.Contacts[0]!;
  const link = await w.db
    .selectFrom('sync_links')
    .select('local_id')
    .where('module', '=', 'contacts')
    .where('external_id', '=', crm.id)
    .executeTakeFirstOrThrow();
  await w.control('PATCH', `/crm/default/Contacts/${crm.id}`, {
    First_Name: 'Remote',
    Mailing_City: 'Boston',
  });
  const current = (await w.api('GET', `/contacts/${link.local_id}`)).body.contact;
  const edit = await w.api('PUT', `/contacts/${link.local_id}`, {
    first_name: 'Local',
    custom_fields: { City: 'Chennai' },
    last_modified_time: current.last_modified_time,
  });
  expect(edit.status, JSON.stringify(edit.body)).toBe(200);
  expect((await w.api('POST', '/integrations/crm/sync', { module: 'contacts' })).status).toBe(202);
  await w.drain();
  return w;
}

/** The open conflicts as field → label. */
async function labels(w: SyncWorld): Promise<Record<string, string>> {
  const res = await w.api('GET', '/integrations/crm/conflicts');
  expect(res.status).toBe(200);
  return Object.fromEntries(
    (res.body.conflicts as Array<{ field: string; field_label: string }>).map((c) => [
      c.field,
      c.field_label,
    ]),
  );
}

/** Takes "City" out of the org's custom fields, leaving CRM's Mailing_City mapped to it. */
async function forgetCustomField(w: SyncWorld): Promise<void> {
  const row = await w.db
    .selectFrom('integrations')
    .select(['integration_id', 'settings'])
    .where('org_id', '=', w.orgId)
    .where('system', '=', 'crm')
    .executeTakeFirstOrThrow();
  const settings = JSON.parse(row.settings);
  expect(settings.customers.custom_fields).toContain('City');
  settings.customers.custom_fields = [];
  await w.db
    .updateTable('integrations')
    .set({ settings: JSON.stringify(settings) })
    .where('integration_id', '=', row.integration_id)
    .execute();
}

describe.each(DIALECTS)('sync conflicts name their fields (%s)', (dialect) => {
  it("a conflict shows DealSpend's label for a built-in field and the custom field's name, keeping the key", async () => {
    const w = await conflictingContact(dialect);
    const res = await w.api('GET', '/integrations/crm/conflicts');
    expect(res.body.conflicts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          field: 'first_name',
          field_label: 'First name',
          local_value: 'Local',
          remote_value: 'Remote',
        }),
        expect.objectContaining({
          field: 'custom:City',
          field_label: 'City',
          local_value: 'Chennai',
          remote_value: 'Boston',
        }),
      ]),
    );
    expect(res.body.conflicts).toHaveLength(2);
  });

  it('a custom field the organisation no longer defines is named by the label of the Zoho CRM field mapped to it', async () => {
    const w = await conflictingContact(dialect);
    await forgetCustomField(w);
    expect(await labels(w)).toEqual({ first_name: 'First name', 'custom:City': 'Mailing City' });
  });

  it('when Zoho CRM cannot say its field labels, the list still answers, with the custom field by its name', async () => {
    const w = await conflictingContact(dialect);
    await forgetCustomField(w);
    await w.control('POST', '/faults', { path: '/crm/v8/settings/fields*', status: 500 });
    expect(await labels(w)).toEqual({ first_name: 'First name', 'custom:City': 'City' });
  });

  it('Field mapping names the DealSpend fields as the conflicts list does', async () => {
    const w = await conflictingContact(dialect);
    const res = await w.api('GET', '/integrations/crm/fields?module=Contacts');
    expect(res.status).toBe(200);
    const mapping: Record<string, string> = res.body.fields.dealspend_field_labels;
    expect(mapping).toEqual({
      contact_name: 'Customer name',
      first_name: 'First name',
      last_name: 'Last name',
      email: 'Email',
      phone: 'Phone',
      company_name: 'Company name',
      'custom:City': 'City',
    });
    for (const [field, label] of Object.entries(await labels(w))) expect(mapping[field]).toBe(label);
  });

  it('the OpenAPI document describes field_label next to field', async () => {
    const w = await openSyncWorld(dialect);
    const doc = (await w.app.inject({ method: 'GET', url: '/api/docs/json' })).json();
    const conflict =
      doc.paths['/api/v1/integrations/crm/conflicts'].get.responses['200'].content['application/json'].schema
        .properties.conflicts.items;
    expect(conflict.required).toEqual(expect.arrayContaining(['field', 'field_label']));
    expect(conflict.properties.field_label).toMatchObject({
      type: 'string',
      description: expect.stringMatching(/as the admin knows it/),
    });
  });
});

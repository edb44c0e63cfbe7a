import { describe, expect, it } from 'vitest';
import { buildSeed, DEAL_STAGES } from '../../sandbox/data/seed.js';
import { asUser, openSandbox } from './sandbox-helper.js';

const REP = 'rep@zylker.example';

describe('sandbox CRM users, org and metadata', () => {
  it('filters users by type: ActiveUsers leaves out the two disabled users, CurrentUser is the caller', async () => {
    const app = await openSandbox();
    const headers = await asUser(app, REP);
    const all = await app.inject({ url: '/crm/v8/users?type=AllUsers', headers });
    const active = await app.inject({ url: '/crm/v8/users?type=ActiveUsers', headers });
    expect(all.json().users.length - active.json().users.length).toBe(2);
    expect(active.json().info).toMatchObject({ page: 1, more_records: false });
    const me = await app.inject({ url: '/crm/v8/users?type=CurrentUser', headers });
    expect(me.json().users).toHaveLength(1);
    expect(me.json().users[0]).toMatchObject({
      email: REP,
      full_name: 'Rita Gomez',
      Reporting_To: { name: 'Lucas Martin' },
    });
    const bad = await app.inject({ url: '/crm/v8/users?type=Robots', headers });
    expect(bad.statusCode).toBe(400);
  });

  it('a CRM user added through the control API is listed with a new id, and its email must be new', async () => {
    const app = await openSandbox();
    const headers = await asUser(app, REP);
    const before = (await app.inject({ url: '/crm/v8/users?type=AllUsers', headers })).json().users as Array<{
      id: string;
    }>;
    const added = await app.inject({
      method: 'POST',
      url: '/__sandbox/crm/default/users',
      payload: { first_name: 'Ava', last_name: 'Stone', email: 'ava.stone@zylker.example' },
    });
    expect(added.statusCode).toBe(201);
    const after = (await app.inject({ url: '/crm/v8/users?type=ActiveUsers', headers })).json()
      .users as Array<{
      id: string;
      email: string;
      full_name: string;
      profile: { name: string };
    }>;
    const ava = after.find((u) => u.email === 'ava.stone@zylker.example');
    expect(ava).toMatchObject({ full_name: 'Ava Stone', profile: { name: 'Standard' } });
    expect(before.map((u) => u.id)).not.toContain(ava!.id);
    const again = await app.inject({
      method: 'POST',
      url: '/__sandbox/crm/default/users',
      payload: { first_name: 'Ava', last_name: 'Stone', email: 'AVA.STONE@zylker.example' },
    });
    expect(again.statusCode).toBe(409);
    const nameless = await app.inject({
      method: 'POST',
      url: '/__sandbox/crm/default/users',
      payload: { first_name: 'Ava', email: 'ava2@zylker.example' },
    });
    expect(nameless.statusCode).toBe(400);
    expect(nameless.body).toContain('last_name');
  });

  it('returns the org as {org:[...]} with zgid and currency', async () => {
    const app = await openSandbox();
    const res = await app.inject({ url: '/crm/v8/org', headers: await asUser(app, REP) });
    expect(res.json().org[0]).toMatchObject({ company_name: 'Zylker', iso_code: 'USD', zgid: '60012345678' });
  });

  it('describes modules and fields, with Stage picklist forecast types and the Zoho Expense checkbox', async () => {
    const app = await openSandbox();
    const headers = await asUser(app, REP);
    const modules = await app.inject({ url: '/crm/v8/settings/modules', headers });
    expect(modules.json().modules.map((m: { api_name: string }) => m.api_name)).toEqual([
      'Accounts',
      'Contacts',
      'Deals',
    ]);
    const fields = await app.inject({ url: '/crm/v8/settings/fields?module=Deals', headers });
    const stage = fields.json().fields.find((f: { api_name: string }) => f.api_name === 'Stage');
    expect(stage.data_type).toBe('picklist');
    expect(stage.pick_list_values).toHaveLength(DEAL_STAGES.length);
    expect(
      stage.pick_list_values.find((v: { actual_value: string }) => v.actual_value === 'Closed Lost')
        .forecast_type,
    ).toBe('Closed Lost');
    const contactFields = await app.inject({ url: '/crm/v8/settings/fields?module=Contacts', headers });
    const box = contactFields.json().fields.find((f: { api_name: string }) => f.api_name === 'Zoho_Expense');
    expect(box).toMatchObject({ data_type: 'boolean', custom_field: true, display_label: 'Zoho Expense' });
    const birthday = contactFields
      .json()
      .fields.find((f: { api_name: string }) => f.api_name === 'Date_of_Birth');
    expect(birthday).toMatchObject({ data_type: 'date', json_type: 'string', read_only: false });
    const accountFields = (
      await app.inject({ url: '/crm/v8/settings/fields?module=Accounts', headers })
    ).json().fields as Array<{ api_name: string }>;
    expect(accountFields.find((f) => f.api_name === 'Employees')).toMatchObject({
      data_type: 'integer',
      json_type: 'integer',
    });
    expect(accountFields.find((f) => f.api_name === 'Annual_Revenue')).toMatchObject({
      data_type: 'currency',
      json_type: 'double',
      currency: { precision: 2 },
    });
    const missing = await app.inject({ url: '/crm/v8/settings/fields', headers });
    expect(missing.statusCode).toBe(400);
  });

  it('lists All, My and the "Zoho Expense" custom views, and cvid filters the list', async () => {
    const app = await openSandbox();
    const headers = await asUser(app, REP);
    const res = await app.inject({ url: '/crm/v8/settings/custom_views?module=Contacts', headers });
    const views = res.json().custom_views as {
      id: string;
      name: string;
      system_defined: boolean;
      criteria: unknown;
    }[];
    expect(views.map((v) => v.name)).toEqual(['All Contacts', 'My Contacts', 'Zoho Expense']);
    const expense = views.find((v) => v.name === 'Zoho Expense')!;
    expect(expense.system_defined).toBe(false);
    expect(expense.criteria).toMatchObject({
      comparator: 'equal',
      field: { api_name: 'Zoho_Expense' },
      value: true,
    });
    const seed = buildSeed().crmOrgs[0]!;
    const ticked = seed.Contacts.filter((c) => c.Zoho_Expense === true).length;
    const list = await app.inject({
      url: `/crm/v8/Contacts?fields=Zoho_Expense&cvid=${expense.id}`,
      headers,
    });
    expect(list.json().data).toHaveLength(ticked);
    for (const c of list.json().data) expect(c.Zoho_Expense).toBe(true);
    const mine = views.find((v) => v.name === 'My Contacts')!;
    const my = await app.inject({ url: `/crm/v8/Contacts?fields=Owner&cvid=${mine.id}`, headers });
    for (const c of my.json().data ?? []) expect(c.Owner.email).toBe(REP);
    const badView = await app.inject({ url: '/crm/v8/Contacts?fields=Owner&cvid=123', headers });
    expect(badView.statusCode).toBe(400);
    const deals = await app.inject({ url: '/crm/v8/settings/custom_views?module=Deals', headers });
    expect(deals.json().custom_views.map((v: { name: string }) => v.name)).toEqual(['All Deals', 'My Deals']);
  });
});

import { describe, expect, it } from 'vitest';
import { buildSeed } from '../../sandbox/data/seed.js';
import { asUser, openSandbox, tokenFor } from './sandbox-helper.js';

const REP = 'rep@zylker.example';
const ADMIN = 'admin@zylker.example';

describe('sandbox CRM records: list', () => {
  it("requires fields on list calls with Zoho's REQUIRED_PARAM_MISSING", async () => {
    const app = await openSandbox();
    const res = await app.inject({ url: '/crm/v8/Accounts', headers: await asUser(app, REP) });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      code: 'REQUIRED_PARAM_MISSING',
      details: { param_name: 'fields' },
      message: 'One of the expected parameter is missing',
      status: 'error',
    });
  });

  it('answers {data, info} with only the asked fields plus id, newest id first', async () => {
    const app = await openSandbox();
    const res = await app.inject({
      url: '/crm/v8/Deals?fields=Deal_Name,Stage&per_page=5',
      headers: await asUser(app, REP),
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.data).toHaveLength(5);
    expect(Object.keys(body.data[0]).sort()).toEqual(['Deal_Name', 'Stage', 'id']);
    expect(body.info).toMatchObject({
      per_page: 5,
      count: 5,
      page: 1,
      more_records: true,
      sort_by: 'id',
      sort_order: 'desc',
    });
    expect(typeof body.info.next_page_token).toBe('string');
    const ids = body.data.map((d: { id: string }) => BigInt(d.id));
    expect([...ids].sort((a, b) => (a < b ? 1 : -1))).toEqual(ids);
  });

  it('refuses page 11 with per_page 200 as DISCRETE_PAGINATION_LIMIT_EXCEEDED, and page_token with page', async () => {
    const app = await openSandbox();
    const headers = await asUser(app, REP);
    const res = await app.inject({
      url: '/crm/v8/Accounts?fields=Account_Name&page=11&per_page=200',
      headers,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('DISCRETE_PAGINATION_LIMIT_EXCEEDED');
    const first = await app.inject({ url: '/crm/v8/Accounts?fields=Account_Name&per_page=10', headers });
    const token = first.json().info.next_page_token;
    const both = await app.inject({
      url: `/crm/v8/Accounts?fields=Account_Name&page=2&page_token=${token}`,
      headers,
    });
    expect(both.statusCode).toBe(400);
  });

  it('refuses a page_token from another query or a forged one', async () => {
    const app = await openSandbox();
    const headers = await asUser(app, REP);
    const first = await app.inject({ url: '/crm/v8/Accounts?fields=Account_Name&per_page=10', headers });
    const token = first.json().info.next_page_token;
    const other = await app.inject({ url: `/crm/v8/Contacts?fields=Last_Name&page_token=${token}`, headers });
    expect(other.statusCode).toBe(400);
    expect(other.json().details).toEqual({ param_name: 'page_token' });
    const forged = await app.inject({ url: '/crm/v8/Accounts?fields=Account_Name&page_token=abc', headers });
    expect(forged.statusCode).toBe(400);
  });

  it('answers 304 when nothing changed since If-Modified-Since, and only newer records otherwise', async () => {
    const app = await openSandbox();
    const headers = await asUser(app, REP);
    const none = await app.inject({
      url: '/crm/v8/Accounts?fields=Account_Name',
      headers: { ...headers, 'if-modified-since': '2030-01-01T00:00:00+00:00' },
    });
    expect(none.statusCode).toBe(304);
    expect(none.body).toBe('');
    const accounts = buildSeed().crmOrgs[0]!.Accounts;
    const times = accounts.map((a) => Date.parse(a.Modified_Time)).sort((a, b) => a - b);
    const cut = times[40]!;
    const newer = await app.inject({
      url: '/crm/v8/Accounts?fields=Account_Name,Modified_Time',
      headers: { ...headers, 'if-modified-since': new Date(cut).toUTCString() },
    });
    expect(newer.statusCode).toBe(200);
    const got = newer.json().data as { Modified_Time: string }[];
    expect(got.length).toBe(times.filter((t) => t > cut).length);
    for (const r of got) expect(Date.parse(r.Modified_Time)).toBeGreaterThan(cut);
  });

  it('answers an empty list with 204 and no body', async () => {
    const app = await openSandbox();
    const headers = await asUser(app, REP);
    const res = await app.inject({ url: '/crm/v8/Accounts?fields=Account_Name&ids=1', headers });
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
  });

  it('rejects an unknown module with INVALID_MODULE', async () => {
    const app = await openSandbox();
    const res = await app.inject({ url: '/crm/v8/Potatoes?fields=Name', headers: await asUser(app, REP) });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('INVALID_MODULE');
  });
});

describe('sandbox CRM records: auth and orgs', () => {
  it('answers 401 AUTHENTICATION_FAILURE without a token and INVALID_TOKEN for a bad one', async () => {
    const app = await openSandbox();
    const none = await app.inject({ url: '/crm/v8/Accounts?fields=Account_Name' });
    expect(none.statusCode).toBe(401);
    expect(none.json().code).toBe('AUTHENTICATION_FAILURE');
    const bad = await app.inject({
      url: '/crm/v8/Accounts?fields=Account_Name',
      headers: { authorization: 'Zoho-oauthtoken 1000.bad.bad' },
    });
    expect(bad.statusCode).toBe(401);
    expect(bad.json()).toEqual({
      code: 'INVALID_TOKEN',
      details: {},
      message: 'invalid oauth token',
      status: 'error',
    });
  });

  it('answers OAUTH_SCOPE_MISMATCH when the token lacks the module scope', async () => {
    const app = await openSandbox();
    const token = await tokenFor(app, REP, ['ZohoCRM.modules.contacts.READ']);
    const headers = { authorization: `Zoho-oauthtoken ${token}` };
    const denied = await app.inject({ url: '/crm/v8/Accounts?fields=Account_Name', headers });
    expect(denied.statusCode).toBe(401);
    expect(denied.json().code).toBe('OAUTH_SCOPE_MISMATCH');
    const allowed = await app.inject({ url: '/crm/v8/Contacts?fields=Last_Name', headers });
    expect(allowed.statusCode).toBe(200);
    const write = await app.inject({
      method: 'POST',
      url: '/crm/v8/Contacts',
      headers,
      payload: { data: [{ Last_Name: 'X' }] },
    });
    expect(write.json().code).toBe('OAUTH_SCOPE_MISMATCH');
  });

  it('serves a multi-org user the org named by X-CRM-ORG, the first org without it', async () => {
    const app = await openSandbox();
    const token = await tokenFor(app, ADMIN);
    const europe = await app.inject({
      url: '/crm/v8/Accounts?fields=Account_Name,Currency',
      headers: { authorization: `Zoho-oauthtoken ${token}`, 'x-crm-org': '60087654321' },
    });
    expect(europe.json().data).toHaveLength(5);
    expect(europe.json().data[0].Currency).toBe('EUR');
    const home = await app.inject({
      url: '/crm/v8/org',
      headers: { authorization: `Zoho-oauthtoken ${token}` },
    });
    expect(home.json().org[0].company_name).toBe('Zylker');
    const notMember = await app.inject({
      url: '/crm/v8/org',
      headers: { ...(await asUser(app, REP)), 'x-crm-org': '60087654321' },
    });
    expect(notMember.statusCode).toBe(400);
  });
});

describe('sandbox CRM records: single, related, search, deleted', () => {
  it('returns one record by id and 204 for an unknown id', async () => {
    const app = await openSandbox();
    const headers = await asUser(app, REP);
    const deal = buildSeed().crmOrgs[0]!.Deals[0]!;
    const res = await app.inject({ url: `/crm/v8/Deals/${deal.id}`, headers });
    expect(res.json().data[0]).toMatchObject({ id: deal.id, Deal_Name: deal.Deal_Name, Stage: deal.Stage });
    const missing = await app.inject({ url: '/crm/v8/Deals/4876876600099999999', headers });
    expect(missing.statusCode).toBe(204);
  });

  it("lists an account's contacts and deals as related lists", async () => {
    const app = await openSandbox();
    const headers = await asUser(app, REP);
    const seed = buildSeed().crmOrgs[0]!;
    const account = seed.Accounts.find((a) =>
      seed.Deals.some((d) => (d.Account_Name as { id: string }).id === a.id),
    )!;
    const deals = await app.inject({
      url: `/crm/v8/Accounts/${account.id}/Deals?fields=Deal_Name,Account_Name`,
      headers,
    });
    const expected = seed.Deals.filter((d) => (d.Account_Name as { id: string }).id === account.id).length;
    expect(deals.json().data).toHaveLength(expected);
    for (const d of deals.json().data) expect(d.Account_Name.id).toBe(account.id);
    const noFields = await app.inject({ url: `/crm/v8/Accounts/${account.id}/Contacts`, headers });
    expect(noFields.json().code).toBe('REQUIRED_PARAM_MISSING');
  });

  it('searches with criteria (and/or, starts_with, equals), word and email; no match is 204', async () => {
    const app = await openSandbox();
    const headers = await asUser(app, REP);
    const seed = buildSeed().crmOrgs[0]!;
    const closedLost = await app.inject({
      url: `/crm/v8/Deals/search?criteria=${encodeURIComponent('(Stage:equals:Closed Lost)')}&per_page=200`,
      headers,
    });
    expect(closedLost.json().data).toHaveLength(seed.Deals.filter((d) => d.Stage === 'Closed Lost').length);
    const contact = seed.Contacts[3]!;
    const both = await app.inject({
      url: `/crm/v8/Contacts/search?criteria=${encodeURIComponent(
        `((Last_Name:starts_with:${String(contact.Last_Name).slice(0, 3)})and(Email:equals:${contact.Email}))`,
      )}`,
      headers,
    });
    expect(both.json().data.map((c: { id: string }) => c.id)).toEqual([contact.id]);
    const byEmail = await app.inject({ url: `/crm/v8/Contacts/search?email=${contact.Email}`, headers });
    expect(byEmail.json().data[0].id).toBe(contact.id);
    const byWord = await app.inject({
      url: `/crm/v8/Accounts/search?word=${encodeURIComponent('acme')}`,
      headers,
    });
    for (const a of byWord.json().data) expect(String(a.Account_Name).toLowerCase()).toContain('acme');
    const none = await app.inject({ url: '/crm/v8/Accounts/search?word=zzzzzz', headers });
    expect(none.statusCode).toBe(204);
    const bad = await app.inject({ url: '/crm/v8/Accounts/search?criteria=(Account_Name:like:x)', headers });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('INVALID_QUERY');
  });

  it('requires ZohoSearch.securesearch.READ for search', async () => {
    const app = await openSandbox();
    const token = await tokenFor(app, REP, ['ZohoCRM.modules.ALL']);
    const res = await app.inject({
      url: '/crm/v8/Accounts/search?word=acme',
      headers: { authorization: `Zoho-oauthtoken ${token}` },
    });
    expect(res.json().code).toBe('OAUTH_SCOPE_MISMATCH');
  });

  it('lists deleted records after a delete, and 204 before', async () => {
    const app = await openSandbox();
    const headers = await asUser(app, REP);
    expect((await app.inject({ url: '/crm/v8/Accounts/deleted', headers })).statusCode).toBe(204);
    const id = buildSeed().crmOrgs[0]!.Accounts[5]!.id;
    const del = await app.inject({ method: 'DELETE', url: `/crm/v8/Accounts?ids=${id}`, headers });
    expect(del.json().data[0]).toMatchObject({ code: 'SUCCESS', details: { id }, status: 'success' });
    const deleted = await app.inject({ url: '/crm/v8/Accounts/deleted?type=all', headers });
    expect(deleted.json().data[0]).toMatchObject({ id, type: 'recycle', deleted_by: { name: 'Rita Gomez' } });
    expect((await app.inject({ url: `/crm/v8/Accounts/${id}`, headers })).statusCode).toBe(204);
  });
});

describe('sandbox CRM records: writes', () => {
  it('inserts with a status per record: 201 all good, 207 mixed, 400 none', async () => {
    const app = await openSandbox();
    const headers = await asUser(app, REP);
    const ok = await app.inject({
      method: 'POST',
      url: '/crm/v8/Accounts',
      headers,
      payload: { data: [{ Account_Name: 'Brand New Ltd', Zoho_Expense: true }] },
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().data[0]).toMatchObject({ code: 'SUCCESS', message: 'record added', status: 'success' });
    const id = ok.json().data[0].details.id;
    const fetched = await app.inject({ url: `/crm/v8/Accounts/${id}`, headers });
    expect(fetched.json().data[0]).toMatchObject({
      Account_Name: 'Brand New Ltd',
      Owner: { email: REP },
      Zoho_Expense: true,
    });
    const mixed = await app.inject({
      method: 'POST',
      url: '/crm/v8/Contacts',
      headers,
      payload: {
        data: [
          { Last_Name: 'Fine' },
          { First_Name: 'No last name' },
          { Last_Name: 'X', Email: 'not-an-email' },
        ],
      },
    });
    expect(mixed.statusCode).toBe(207);
    expect(mixed.json().data.map((d: { code: string }) => d.code)).toEqual([
      'SUCCESS',
      'MANDATORY_NOT_FOUND',
      'INVALID_DATA',
    ]);
    expect(mixed.json().data[2].details).toMatchObject({ api_name: 'Email', json_path: '$.data[2].Email' });
    const none = await app.inject({
      method: 'POST',
      url: '/crm/v8/Deals',
      headers,
      payload: { data: [{ Deal_Name: 'x' }] },
    });
    expect(none.statusCode).toBe(400);
  });

  it('refuses a text value longer than the length its field metadata gives with INVALID_DATA', async () => {
    const app = await openSandbox();
    const headers = await asUser(app, REP);
    const fields = await app.inject({ url: '/crm/v8/settings/fields?module=Contacts', headers });
    const phone = fields.json().fields.find((f: { api_name: string }) => f.api_name === 'Phone');
    expect(phone.length).toBe(30);
    const res = await app.inject({
      method: 'POST',
      url: '/crm/v8/Contacts',
      headers,
      payload: {
        data: [
          { Last_Name: 'Long', Phone: '1'.repeat(30) },
          { Last_Name: 'Long', Phone: '1'.repeat(31) },
        ],
      },
    });
    expect(res.statusCode).toBe(207);
    expect(res.json().data[1]).toMatchObject({
      code: 'INVALID_DATA',
      details: { api_name: 'Phone', maximum_length: 30, json_path: '$.data[1].Phone' },
      status: 'error',
    });
  });

  it('refuses more than 100 records in one write with LIMIT_EXCEEDED and changes nothing', async () => {
    const app = await openSandbox();
    const headers = await asUser(app, REP);
    const data = Array.from({ length: 101 }, (_, i) => ({ Last_Name: `Bulk ${i}` }));
    const res = await app.inject({ method: 'POST', url: '/crm/v8/Contacts', headers, payload: { data } });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('LIMIT_EXCEEDED');
    const search = await app.inject({
      url: '/crm/v8/Contacts/search?criteria=(Last_Name:starts_with:Bulk)',
      headers,
    });
    expect(search.statusCode).toBe(204);
  });

  it('answers DUPLICATE_DATA for an insert whose unique Email exists', async () => {
    const app = await openSandbox();
    const headers = await asUser(app, REP);
    const existing = buildSeed().crmOrgs[0]!.Contacts[0]!;
    const res = await app.inject({
      method: 'POST',
      url: '/crm/v8/Contacts',
      headers,
      payload: { data: [{ Last_Name: 'Dup', Email: String(existing.Email).toUpperCase() }] },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().data[0]).toMatchObject({
      code: 'DUPLICATE_DATA',
      details: { api_name: 'Email', duplicate_record: { id: existing.id } },
    });
  });

  it('upserts by duplicate_check_fields: updates the match, inserts the rest', async () => {
    const app = await openSandbox();
    const headers = await asUser(app, REP);
    const existing = buildSeed().crmOrgs[0]!.Contacts[2]!;
    const res = await app.inject({
      method: 'POST',
      url: '/crm/v8/Contacts/upsert',
      headers,
      payload: {
        data: [
          { Email: existing.Email, Title: 'Chief Upserter', Last_Name: existing.Last_Name },
          { Email: 'fresh@new.example', Last_Name: 'Fresh' },
        ],
        duplicate_check_fields: ['Email'],
      },
    });
    expect(res.statusCode).toBe(200);
    const [a, b] = res.json().data;
    expect(a).toMatchObject({
      code: 'SUCCESS',
      action: 'update',
      duplicate_field: 'Email',
      details: { id: existing.id },
    });
    expect(b).toMatchObject({ code: 'SUCCESS', action: 'insert', duplicate_field: null });
    const after = await app.inject({ url: `/crm/v8/Contacts/${existing.id}`, headers });
    expect(after.json().data[0].Title).toBe('Chief Upserter');
    expect(Date.parse(after.json().data[0].Modified_Time)).toBeGreaterThan(
      Date.parse(existing.Modified_Time),
    );
    const again = await app.inject({
      method: 'POST',
      url: '/crm/v8/Contacts/upsert',
      headers,
      payload: { data: [{ Email: 'fresh@new.example', Last_Name: 'Fresh' }] },
    });
    expect(again.json().data[0].action).toBe('update');
  });

  it('updates by id with PUT and refuses an unknown id per record', async () => {
    const app = await openSandbox();
    const headers = await asUser(app, REP);
    const deal = buildSeed().crmOrgs[0]!.Deals[1]!;
    const res = await app.inject({
      method: 'PUT',
      url: '/crm/v8/Deals',
      headers,
      payload: {
        data: [
          { id: deal.id, Amount: 1234.5 },
          { id: '4876876600099999999', Amount: 1 },
        ],
      },
    });
    expect(res.statusCode).toBe(207);
    expect(res.json().data[0]).toMatchObject({ code: 'SUCCESS', message: 'record updated' });
    expect(res.json().data[1]).toMatchObject({ code: 'INVALID_DATA', details: { api_name: 'id' } });
    const after = await app.inject({ url: `/crm/v8/Deals/${deal.id}`, headers });
    expect(after.json().data[0].Amount).toBe(1234.5);
  });

  it("takes each field's JSON type and refuses text for a boolean, integer, currency or date field with INVALID_DATA", async () => {
    const app = await openSandbox();
    const headers = await asUser(app, REP);
    const seed = buildSeed().crmOrgs[0]!;
    const account = seed.Accounts[5]!;
    const contact = seed.Contacts[6]!;
    const put = (module: string, data: Record<string, unknown>) =>
      app.inject({ method: 'PUT', url: `/crm/v8/${module}`, headers, payload: { data: [data] } });
    for (const [field, text, expected] of [
      ['Zoho_Expense', 'true', 'boolean'],
      ['Employees', '250', 'integer'],
      ['Annual_Revenue', '1250000.50', 'double'],
    ] as const) {
      const refused = await put('Accounts', { id: account.id, [field]: text });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().data[0]).toMatchObject({
        code: 'INVALID_DATA',
        details: { api_name: field, expected_data_type: expected, json_path: `$.data[0].${field}` },
      });
    }
    const dateRefused = await put('Contacts', { id: contact.id, Date_of_Birth: 1990 });
    expect(dateRefused.json().data[0]).toMatchObject({
      code: 'INVALID_DATA',
      details: { api_name: 'Date_of_Birth', expected_data_type: 'date' },
    });

    expect(
      (
        await put('Accounts', {
          id: account.id,
          Zoho_Expense: true,
          Employees: 250,
          Annual_Revenue: 1250000.5,
        })
      ).statusCode,
    ).toBe(200);
    expect((await put('Contacts', { id: contact.id, Date_of_Birth: '1990-04-01' })).statusCode).toBe(200);
    const a = await app.inject({
      url: `/crm/v8/Accounts/${account.id}?fields=Zoho_Expense,Employees,Annual_Revenue`,
      headers,
    });
    expect(a.json().data[0]).toMatchObject({ Zoho_Expense: true, Employees: 250, Annual_Revenue: 1250000.5 });
    const c = await app.inject({ url: `/crm/v8/Contacts/${contact.id}?fields=Date_of_Birth`, headers });
    expect(c.json().data[0]).toMatchObject({ Date_of_Birth: '1990-04-01' });
  });

  it('PUT by id renames an account and changes a contact email in place; a record without id is MANDATORY_NOT_FOUND', async () => {
    const app = await openSandbox();
    const headers = await asUser(app, REP);
    const seed = buildSeed().crmOrgs[0]!;
    const account = seed.Accounts[3]!;
    const contact = seed.Contacts[4]!;
    const accounts = async () =>
      (await app.inject({ url: '/crm/v8/Accounts?fields=id&per_page=200', headers })).json().data.length;
    const before = await accounts();

    const renamed = await app.inject({
      method: 'PUT',
      url: '/crm/v8/Accounts',
      headers,
      payload: { data: [{ id: account.id, Account_Name: 'Renamed Holdings' }, { Phone: '+1 555 0101' }] },
    });
    expect(renamed.statusCode).toBe(207);
    expect(renamed.json().data).toEqual([
      expect.objectContaining({ code: 'SUCCESS', details: expect.objectContaining({ id: account.id }) }),
      {
        code: 'MANDATORY_NOT_FOUND',
        details: { api_name: 'id', json_path: '$.data[1].id' },
        message: 'required field not found',
        status: 'error',
      },
    ]);
    const moved = await app.inject({
      method: 'PUT',
      url: '/crm/v8/Contacts',
      headers,
      payload: { data: [{ id: contact.id, Email: 'moved.on@new.example' }] },
    });
    expect(moved.statusCode).toBe(200);
    expect(moved.json().data[0]).toMatchObject({ code: 'SUCCESS', details: { id: contact.id } });

    const a = await app.inject({ url: `/crm/v8/Accounts/${account.id}?fields=Account_Name,Phone`, headers });
    expect(a.json().data[0]).toMatchObject({
      Account_Name: 'Renamed Holdings',
      Phone: account.Phone ?? null,
    });
    const c = await app.inject({ url: `/crm/v8/Contacts/${contact.id}?fields=Email,Last_Name`, headers });
    expect(c.json().data[0]).toMatchObject({ Email: 'moved.on@new.example', Last_Name: contact.Last_Name });
    // Updated in place: no record was added.
    expect(await accounts()).toBe(before);
    const byEmail = await app.inject({
      url: '/crm/v8/Contacts/search?email=moved.on@new.example&fields=Email',
      headers,
    });
    expect(byEmail.json().data.map((r: { id: string }) => r.id)).toEqual([contact.id]);
  });
});

import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSeed } from '../../sandbox/data/seed.js';
import { dealSpendServerUrl } from '../../sandbox/host/plugin.js';
import { createSandbox } from '../../sandbox/server.js';

let app: FastifyInstance;
const seed = buildSeed();
const zylker = seed.crmOrgs[0]!;

beforeAll(async () => {
  app = await createSandbox({ seed });
});
afterAll(async () => {
  await app.close();
});

async function sdk(method: string, args?: unknown, cookie?: string) {
  const res = await app.inject({
    method: 'POST',
    url: '/__crm/sdk',
    payload: { method, args },
    ...(cookie ? { headers: { cookie } } : {}),
  });
  expect(res.statusCode).toBe(200);
  return res.json() as { result?: any; error?: { code: string; message: string } };
}

describe('the CRM page', () => {
  it('hosts the related-list widget on a record page with Zoho’s PageLoad for that record', async () => {
    const deal = zylker.Deals[0]!;
    const res = await app.inject(`/crm/tab/Deals/${deal.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('/widget/related-list.html?serviceOrigin=');
    expect(res.body).toContain(
      `{&quot;Entity&quot;:&quot;Deals&quot;,&quot;EntityId&quot;:&quot;${deal.id}&quot;}`,
    );
  });

  it('lists module records, and answers 404 for an unknown record or module', async () => {
    const list = await app.inject('/crm/tab/Accounts');
    expect(list.body).toContain(String(zylker.Accounts[0]!.Account_Name));
    expect((await app.inject('/crm/tab/Accounts/1')).statusCode).toBe(404);
    expect((await app.inject('/crm/tab/Leads')).statusCode).toBe(404);
  });

  it('hosts the tab widget on the DealSpend web tab, with no record', async () => {
    const res = await app.inject('/crm/tab/WebTab/dealspend');
    expect(res.body).toContain('/widget/tab.html?serviceOrigin=');
    expect(res.body).not.toContain('data-pageload');
  });

  it('answers the browser’s icon request with no content rather than a 404 in every page’s console', async () => {
    const res = await app.inject('/favicon.ico');
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
  });

  it('serves the SDK stand-in at the path of Zoho’s CDN file', async () => {
    const res = await app.inject('/js-sdk/1.2/ZohoEmbededAppSDK.min.js');
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.body).toContain('window.ZOHO');
  });
});

describe('the SDK stand-in answers with Zoho’s shapes', () => {
  it('getCurrentUser → {users:[…]} for the signed-in user (the rep by default), switched by the header', async () => {
    expect((await sdk('CONFIG.getCurrentUser')).result.users[0].email).toBe('rep@zylker.example');
    const switched = await app.inject({
      method: 'POST',
      url: '/__crm/user',
      payload: 'email=manager%40zylker.example',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(switched.statusCode).toBe(303);
    const cookie = String(switched.headers['set-cookie']).split(';')[0]!;
    expect((await sdk('CONFIG.getCurrentUser', undefined, cookie)).result.users[0].email).toBe(
      'manager@zylker.example',
    );
  });

  it('getOrgInfo → {org:[…]}', async () => {
    expect((await sdk('CONFIG.getOrgInfo')).result.org[0]).toMatchObject({
      company_name: zylker.org.company_name,
    });
  });

  it('getRecord → {data:[record]} (Potentials is Deals)', async () => {
    const deal = zylker.Deals[0]!;
    const { result } = await sdk('API.getRecord', { Entity: 'Potentials', RecordID: deal.id });
    expect(result.data[0]).toMatchObject({ id: deal.id, Deal_Name: deal.Deal_Name });
  });

  it('getRelatedRecords → {data, info}', async () => {
    const account = zylker.Accounts.find((a) =>
      zylker.Contacts.some((c) => (c.Account_Name as { id?: string } | null)?.id === a.id),
    )!;
    const { result } = await sdk('API.getRelatedRecords', {
      Entity: 'Accounts',
      RecordID: account.id,
      RelatedList: 'Contacts',
    });
    expect(result.data.length).toBeGreaterThan(0);
    expect(result.info).toMatchObject({ more_records: expect.any(Boolean) });
  });

  it('getOrgVariable dealspend_server_url → {Success:{Content}}, other names → an error object', async () => {
    expect((await sdk('API.getOrgVariable', 'dealspend_server_url')).result).toEqual({
      Success: { Content: dealSpendServerUrl() },
    });
    expect((await sdk('API.getOrgVariable', 'nope')).result).toHaveProperty('Error');
  });

  it('the server URL comes from DEALSPEND_SERVER_URL, else the local server’s PORT', () => {
    expect(dealSpendServerUrl({ DEALSPEND_SERVER_URL: 'https://ds.example/' })).toBe('https://ds.example');
    expect(dealSpendServerUrl({ PORT: '4123' })).toBe('http://127.0.0.1:4123');
  });

  it('names a call it does not implement', async () => {
    expect((await sdk('API.coql', {})).error?.code).toBe('NOT_SUPPORTED');
  });
});

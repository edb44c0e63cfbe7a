import { describe, expect, it } from 'vitest';
import { buildSeed } from '../../sandbox/data/seed.js';
import { DIALECTS } from '../helpers/dialects.js';
import { ADMIN, connectCrm, EUROPE_CRM_ORG, openSyncWorld } from './sync-world.js';

const seed = buildSeed();
const zylker = seed.crmOrgs[0]!;

describe.each(DIALECTS)('Zoho CRM connection and customers (%s)', (dialect) => {
  it('Connect Now redirects to Zoho Accounts with the admin as login_hint and offline access', async () => {
    const w = await openSyncWorld(dialect);
    const res = await w.app.inject({
      method: 'GET',
      url: '/api/v1/integrations/crm/connect',
      headers: w.admin,
    });
    expect(res.statusCode).toBe(302);
    const url = new URL(String(res.headers.location));
    expect(url.origin).toBe(w.sandboxUrl);
    expect(url.pathname).toBe('/oauth/v2/auth');
    expect(url.searchParams.get('login_hint')).toBe(ADMIN);
    expect(url.searchParams.get('access_type')).toBe('offline');
    expect(url.searchParams.get('redirect_uri')).toBe(
      'http://127.0.0.1:3999/api/v1/integrations/crm/callback',
    );
    expect(url.searchParams.get('state')).toBeTruthy();
  });

  it('the callback connects, and the refresh token is stored only encrypted', async () => {
    const w = await openSyncWorld(dialect);
    await w.connect('crm');
    const row = await w.db.selectFrom('integrations').selectAll().executeTakeFirstOrThrow();
    expect(row.status).toBe('connected');
    expect(row.connected_email).toBe(ADMIN);
    expect(row.refresh_token).toMatch(/^v1\./);
    expect(row.refresh_token).not.toMatch(/^1000\./);
    const got = await w.api('GET', '/integrations/crm');
    expect(got.body.integration.status).toBe('connected');
    expect(JSON.stringify(got.body)).not.toContain(row.refresh_token);
  });

  it('a callback with a forged state is refused and connects nothing', async () => {
    const w = await openSyncWorld(dialect);
    const res = await w.app.inject({
      method: 'GET',
      url: '/api/v1/integrations/crm/callback?code=x&state=forged.sig',
    });
    expect(res.statusCode).toBe(400);
    // The page still reaches the widget that opened the pop-up, which then shows the outcome.
    expect(res.headers['cross-origin-opener-policy']).toBe('unsafe-none');
    expect(res.body).toContain('window.opener.postMessage');
    expect(await w.db.selectFrom('integrations').selectAll().execute()).toHaveLength(0);
  });

  it('a refusal reaches the widget that opened the pop-up with its reason, and no text can end the page script', async () => {
    const w = await openSyncWorld(dialect);
    const start = await w.app.inject({
      method: 'GET',
      url: '/api/v1/integrations/crm/connect',
      headers: w.admin,
    });
    const state = new URL(String(start.headers.location)).searchParams.get('state')!;
    const error = '</script><script>alert(1)</script>';
    const res = await w.app.inject({
      method: 'GET',
      url: `/api/v1/integrations/crm/callback?state=${encodeURIComponent(state)}&error=${encodeURIComponent(error)}`,
    });
    expect(res.statusCode).toBe(403);
    expect(res.body.match(/<\/script>/g)).toHaveLength(1);
    // A refusal stays on screen (the pop-up closes itself only once connected).
    expect(res.body).not.toContain('window.close');
    const posted = /postMessage\((\{.*?\}),'\*'\)/.exec(res.body)![1]!;
    expect(JSON.parse(posted)).toEqual({
      type: 'dealspend-integration',
      ok: false,
      title: 'Zoho CRM was not connected',
      message: `Zoho Accounts did not grant access (${error}).`,
    });
    expect(await w.db.selectFrom('integrations').select('status').execute()).not.toContainEqual({
      status: 'connected',
    });
  });

  it('a callback with a malformed query answers a JSON error naming the parameter', async () => {
    const w = await openSyncWorld(dialect);
    for (const [query, field] of [
      ['code=a&code=b&state=x', 'querystring.code'],
      [`state=x&error=${'x'.repeat(501)}`, 'querystring.error'],
    ] as const) {
      const res = await w.app.inject({ method: 'GET', url: `/api/v1/integrations/crm/callback?${query}` });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 1000, message: expect.stringContaining(field) });
    }
    expect(await w.db.selectFrom('integrations').selectAll().execute()).toHaveLength(0);
  });

  it('Select Organisation lists the default org and saves a chosen one checked with X-CRM-ORG', async () => {
    const w = await openSyncWorld(dialect);
    await w.connect('crm');
    const list = await w.api('GET', '/integrations/crm/orgs');
    expect(list.status).toBe(200);
    expect(list.body.organizations.map((o: { company_name: string }) => o.company_name)).toContain('Zylker');
    const eu = await w.api('PUT', '/integrations/crm/org', { crm_org_id: EUROPE_CRM_ORG });
    expect(eu.status).toBe(200);
    expect(eu.body.organization.company_name).toBe('Zylker Europe');
    const bad = await w.api('PUT', '/integrations/crm/org', { crm_org_id: '999' });
    expect(bad.status).toBe(400);
    const after = await w.api('GET', '/integrations/crm/orgs');
    expect(after.body.organizations.find((o: { selected: boolean }) => o.selected).crm_org_id).toBe(
      EUROPE_CRM_ORG,
    );
  });

  it('mapping fields needs the CRM base currency to equal DealSpend’s', async () => {
    const w = await openSyncWorld(dialect);
    await w.connect('crm');
    await w.api('PUT', '/integrations/crm/org', { crm_org_id: EUROPE_CRM_ORG });
    const res = await w.api('PUT', '/integrations/crm/settings', { customers: { module: 'accounts' } });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe(6406);
  });

  it('Accounts & their Contacts imports accounts as business customers and their contacts, once', async () => {
    const w = await openSyncWorld(dialect);
    await connectCrm(w, {}, { sync_now: true });
    await w.drain();
    const contacts = await w.db.selectFrom('contacts').selectAll().where('org_id', '=', w.orgId).execute();
    const business = contacts.filter((c) => c.customer_sub_type === 'business');
    const individuals = contacts.filter((c) => c.customer_sub_type === 'individual');
    expect(business).toHaveLength(zylker.Accounts.length);
    const associated = zylker.Contacts.filter((c) => c.Account_Name);
    expect(individuals).toHaveLength(associated.length);
    expect(individuals.every((c) => c.account_id !== null)).toBe(true);
    const deals = await w.db.selectFrom('deals').selectAll().where('org_id', '=', w.orgId).execute();
    expect(deals).toHaveLength(zylker.Deals.length);

    // A second full run creates nothing twice.
    await w.api('POST', '/integrations/crm/sync', {});
    await w.drain();
    const again = await w.db
      .selectFrom('contacts')
      .select('contact_id')
      .where('org_id', '=', w.orgId)
      .execute();
    expect(again).toHaveLength(contacts.length);
    const history = await w.api('GET', '/integrations/crm/synchistory');
    expect(history.status).toBe(200);
    const runs = history.body.sync_runs as Array<{
      module: string;
      trigger: string;
      status: string;
      created: number;
    }>;
    expect(runs[0]?.trigger).toBe('instant');
    expect(runs.every((r) => r.status === 'completed')).toBe(true);
    expect(runs.filter((r) => r.trigger === 'instant').every((r) => r.created === 0)).toBe(true);
    expect(runs.find((r) => r.trigger === 'initial' && r.module === 'accounts')?.created).toBe(
      zylker.Accounts.length,
    );
  });
});

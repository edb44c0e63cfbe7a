import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/dialects.js';
import { ADMIN, buildOrgApp } from '../helpers/org-fixture.js';
import { as, buildTestApp } from '../helpers/test-app.js';
import { openSyncWorld, ZYLKER_CRM_ORG } from '../sync/sync-world.js';

async function setup(dialect: (typeof DIALECTS)[number]) {
  return buildOrgApp(dialect);
}

describe.each(DIALECTS)('organizations on %s', (dialect) => {
  it('POST /organizations creates an organisation with the caller as its admin', async () => {
    const { app } = await buildTestApp(dialect);
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/organizations',
      headers: as(ADMIN),
      payload: { name: 'Acme', currency_code: 'EUR', time_zone: 'Europe/Paris' },
    });
    expect(res.statusCode).toBe(201);
    const org = res.json().organization;
    expect(org).toMatchObject({
      name: 'Acme',
      currency_code: 'EUR',
      time_zone: 'Europe/Paris',
      user_role: 'admin',
      is_default_org: true,
      potentials_mode: 'all',
    });
    const list = await app.inject({ method: 'GET', url: '/api/v1/organizations', headers: as(ADMIN) });
    expect(list.json().organizations.map((o: { name: string }) => o.name)).toEqual(['Acme']);
  });

  it('GET /organizations lists every organisation the caller belongs to, the oldest as default', async () => {
    const { app } = await buildTestApp(dialect);
    for (const name of ['One', 'Two']) {
      await app.inject({
        method: 'POST',
        url: '/api/v1/organizations',
        headers: as(ADMIN),
        payload: { name, currency_code: 'USD' },
      });
    }
    const res = await app.inject({ method: 'GET', url: '/api/v1/organizations', headers: as(ADMIN) });
    const orgs = res.json().organizations;
    expect(orgs.map((o: { name: string }) => o.name)).toEqual(['One', 'Two']);
    expect(orgs.map((o: { is_default_org: boolean }) => o.is_default_org)).toEqual([true, false]);
    const other = await app.inject({
      method: 'GET',
      url: '/api/v1/organizations',
      headers: as('x@y.example'),
    });
    expect(other.json().organizations).toEqual([]);
  });

  it('creating an organisation with an unknown currency or time zone is refused with 400', async () => {
    const { app } = await buildTestApp(dialect);
    const bad = [
      { name: 'A', currency_code: 'XXX' },
      { name: 'A', currency_code: 'USD', time_zone: 'Mars/Olympus' },
      { name: '', currency_code: 'USD' },
      { name: 'A', currency_code: 'USD', extra: 1 },
    ];
    for (const payload of bad) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/organizations',
        headers: as(ADMIN),
        payload,
      });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
    }
    const list = await app.inject({ method: 'GET', url: '/api/v1/organizations', headers: as(ADMIN) });
    expect(list.json().organizations).toEqual([]);
  });

  it("another organisation's id answers 404 for GET and PUT", async () => {
    const { app } = await buildTestApp(dialect);
    const a = await app.inject({
      method: 'POST',
      url: '/api/v1/organizations',
      headers: as(ADMIN),
      payload: { name: 'A', currency_code: 'USD' },
    });
    const orgA = a.json().organization.organization_id;
    await app.inject({
      method: 'POST',
      url: '/api/v1/organizations',
      headers: as('boss@other.example'),
      payload: { name: 'B', currency_code: 'USD' },
    });
    const get = await app.inject({
      method: 'GET',
      url: `/api/v1/organizations/${orgA}`,
      headers: as('boss@other.example'),
    });
    expect(get.statusCode).toBe(404);
    const put = await app.inject({
      method: 'PUT',
      url: `/api/v1/organizations/${orgA}`,
      headers: as('boss@other.example'),
      payload: { name: 'Hijacked' },
    });
    expect(put.statusCode).toBe(404);
    const after = await app.inject({
      method: 'GET',
      url: `/api/v1/organizations/${orgA}`,
      headers: as(ADMIN),
    });
    expect(after.json().organization.name).toBe('A');
  });

  it('an admin changes name, time zone, base currency and settings', async () => {
    const { app, orgId } = await setup(dialect);
    const res = await app.inject({
      method: 'PUT',
      url: `/api/v1/organizations/${orgId}`,
      headers: as(ADMIN),
      payload: {
        name: 'Renamed',
        time_zone: 'Asia/Kolkata',
        currency_code: 'INR',
        potentials_mode: 'user',
        seat_count: 3,
      },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().organization).toMatchObject({
      name: 'Renamed',
      time_zone: 'Asia/Kolkata',
      currency_code: 'INR',
      potentials_mode: 'user',
      seat_count: 3,
    });
  });

  it('the base currency cannot change once an expense exists (409), and nothing else changes', async () => {
    const { app, db, orgId } = await setup(dialect);
    const admin = await db
      .selectFrom('users')
      .selectAll()
      .where('org_id', '=', orgId)
      .executeTakeFirstOrThrow();
    const cat = await db
      .selectFrom('expense_categories')
      .selectAll()
      .where('org_id', '=', orgId)
      .executeTakeFirstOrThrow();
    await db
      .insertInto('expenses')
      .values({
        expense_id: 'e1',
        org_id: orgId,
        user_id: admin.user_id,
        date: '2026-01-01',
        category_id: cat.category_id,
        amount: 100,
        currency_code: 'USD',
        exchange_rate: '1',
        base_amount: 100,
        merchant_name: '',
        description: '',
        reference_number: '',
        is_reimbursable: 1,
        is_billable: 0,
        customer_id: null,
        deal_id: null,
        project_id: null,
        report_id: null,
        attendees: '[]',
        expense_type: 'non_mileage',
        extra: '{}',
        status: 'unreported',
        created_time: '2026-01-01T00:00:00.000Z',
        last_modified_time: '2026-01-01T00:00:00.000Z',
      })
      .execute();
    const res = await app.inject({
      method: 'PUT',
      url: `/api/v1/organizations/${orgId}`,
      headers: as(ADMIN),
      payload: { name: 'Renamed', currency_code: 'EUR' },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe(4014);
    const org = await db
      .selectFrom('organizations')
      .selectAll()
      .where('org_id', '=', orgId)
      .executeTakeFirstOrThrow();
    expect(org).toMatchObject({ base_currency: 'USD', name: 'My Organization' });
  });

  it('the base currency cannot change while exchange rates or approval thresholds are expressed in it (409 naming them); nothing changes until they are gone', async () => {
    const { app, db, orgId } = await setup(dialect);
    const call = (method: 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) =>
      app.inject({ method, url: `/api/v1${url}`, headers: as(ADMIN), ...(payload ? { payload } : {}) });
    const changeBase = () =>
      call('PUT', `/organizations/${orgId}`, { name: 'Renamed', currency_code: 'EUR' });
    const snapshot = async () => ({
      org: await db.selectFrom('organizations').selectAll().where('org_id', '=', orgId).execute(),
      rates: await db.selectFrom('exchange_rates').selectAll().execute(),
      rules: await db.selectFrom('approval_rules').selectAll().execute(),
    });
    expect(
      (await call('POST', '/settings/currencies', { currency_code: 'GBP', exchange_rate: '1.27' }))
        .statusCode,
    ).toBe(201);
    const rule = await call('POST', '/settings/approvalrules', {
      level: 2,
      min_total: 1000,
      approver_type: 'department_head',
    });
    expect(rule.statusCode, rule.body).toBe(201);
    // A level that applies to every report holds no amount, so it holds nothing.
    await call('POST', '/settings/approvalrules', { level: 3, approver_type: 'department_head' });

    const held = await snapshot();
    const refused = await changeBase();
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toEqual({
      code: 4017,
      message:
        'The base currency USD cannot change while the exchange rates of GBP (settings/currencies) and ' +
        'the amount thresholds of approval level 2 (settings/approvalrules) are expressed in it. ' +
        'Remove them, change the base currency, then enter them again in the new one.',
    });
    expect(await snapshot()).toEqual(held);

    expect((await call('DELETE', '/settings/currencies/GBP')).statusCode).toBe(200);
    const onlyRule = await changeBase();
    expect(onlyRule.statusCode).toBe(409);
    expect(onlyRule.json().message).not.toContain('GBP');
    expect(onlyRule.json().message).toContain('approval level 2');

    const ruleId = rule.json().approval_rule.rule_id;
    expect((await call('PUT', `/settings/approvalrules/${ruleId}`, { min_total: null })).statusCode).toBe(
      200,
    );
    const changed = await changeBase();
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json().organization).toMatchObject({ name: 'Renamed', currency_code: 'EUR' });
  });

  it('an update naming the current last_modified_time succeeds and moves it forward', async () => {
    const { app, orgId } = await setup(dialect);
    const url = `/api/v1/organizations/${orgId}`;
    const read = (await app.inject({ method: 'GET', url, headers: as(ADMIN) })).json().organization;
    expect(read.last_modified_time).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const res = await app.inject({
      method: 'PUT',
      url,
      headers: as(ADMIN),
      payload: { name: 'Renamed', last_modified_time: read.last_modified_time },
    });
    expect(res.statusCode, res.body).toBe(200);
    const after = res.json().organization;
    expect(after.name).toBe('Renamed');
    expect(Date.parse(after.last_modified_time)).toBeGreaterThan(Date.parse(read.last_modified_time));
    const listed = (await app.inject({ method: 'GET', url: '/api/v1/organizations', headers: as(ADMIN) }))
      .json()
      .organizations.find((o: { organization_id: string }) => o.organization_id === orgId);
    expect(listed.last_modified_time).toBe(after.last_modified_time);
  });

  it('an update with a stale last_modified_time gets 409 and changes nothing', async () => {
    const { app, db, orgId } = await setup(dialect);
    const url = `/api/v1/organizations/${orgId}`;
    const read = (await app.inject({ method: 'GET', url, headers: as(ADMIN) })).json().organization;
    const first = await app.inject({
      method: 'PUT',
      url,
      headers: as(ADMIN),
      payload: { name: 'First', last_modified_time: read.last_modified_time },
    });
    expect(first.statusCode).toBe(200);
    const before = await db.selectFrom('organizations').selectAll().where('org_id', '=', orgId).execute();
    const stale = await app.inject({
      method: 'PUT',
      url,
      headers: as(ADMIN),
      payload: {
        name: 'Second',
        currency_code: 'EUR',
        potentials_mode: 'user',
        last_modified_time: read.last_modified_time,
      },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe(4001);
    const after = await db.selectFrom('organizations').selectAll().where('org_id', '=', orgId).execute();
    expect(after).toEqual(before);
    const currencies = await db
      .selectFrom('currencies')
      .select('currency_code')
      .where('org_id', '=', orgId)
      .execute();
    expect(currencies.map((c) => c.currency_code)).toEqual(['USD']);
  });

  it('If-Match works like last_modified_time: a stale one gets 409, the current one (quoted) succeeds', async () => {
    const { app, orgId } = await setup(dialect);
    const url = `/api/v1/organizations/${orgId}`;
    const read = (await app.inject({ method: 'GET', url, headers: as(ADMIN) })).json().organization;
    const fresh = await app.inject({
      method: 'PUT',
      url,
      headers: { ...as(ADMIN), 'if-match': `"${read.last_modified_time}"` },
      payload: { time_zone: 'Europe/Paris' },
    });
    expect(fresh.statusCode).toBe(200);
    const stale = await app.inject({
      method: 'PUT',
      url,
      headers: { ...as(ADMIN), 'if-match': `"${read.last_modified_time}"` },
      payload: { time_zone: 'Asia/Tokyo' },
    });
    expect(stale.statusCode).toBe(409);
    const got = (await app.inject({ method: 'GET', url, headers: as(ADMIN) })).json().organization;
    expect(got.time_zone).toBe('Europe/Paris');
  });

  it('changing Potentials in the Zoho CRM settings makes an organisation form read before it stale', async () => {
    const w = await openSyncWorld(dialect);
    await w.connect('crm');
    expect((await w.api('PUT', '/integrations/crm/org', { crm_org_id: ZYLKER_CRM_ORG })).status).toBe(200);
    const read = (await w.api('GET', `/organizations/${w.orgId}`)).body.organization;
    const potentials = await w.api('PUT', '/integrations/crm/settings', { potentials_mode: 'user' });
    expect(potentials.status).toBe(200);
    const stale = await w.api('PUT', `/organizations/${w.orgId}`, {
      potentials_mode: 'all',
      last_modified_time: read.last_modified_time,
    });
    expect(stale.status).toBe(409);
    const got = (await w.api('GET', `/organizations/${w.orgId}`)).body.organization;
    expect(got.potentials_mode).toBe('user');
  });

  it('a non-admin member cannot change the organisation (403)', async () => {
    const { app, orgId } = await setup(dialect);
    await app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: as(ADMIN),
      payload: { email: 'rep@acme.example', name: 'Rep', user_role: 'submitter' },
    });
    const res = await app.inject({
      method: 'PUT',
      url: `/api/v1/organizations/${orgId}`,
      headers: as('rep@acme.example'),
      payload: { potentials_mode: 'user' },
    });
    expect(res.statusCode).toBe(403);
  });
});

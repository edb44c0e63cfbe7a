import { describe, expect, it } from 'vitest';
import { normalizeRate, rateOn } from '../../server/modules/currencies/service.js';
import { DIALECTS } from '../helpers/dialects.js';
import { ADMIN, buildOrgApp } from '../helpers/org-fixture.js';
import { as } from '../helpers/test-app.js';

describe('normalizeRate', () => {
  it('accepts decimal strings and numbers, and refuses zero, negatives and over-precise rates', () => {
    expect(normalizeRate('0.920')).toBe('0.92');
    expect(normalizeRate(1.08)).toBe('1.08');
    expect(normalizeRate('83')).toBe('83');
    expect(normalizeRate('0')).toBeUndefined();
    expect(normalizeRate(-1)).toBeUndefined();
    expect(normalizeRate('1.0000000000001')).toBeUndefined();
    expect(normalizeRate('1e3')).toBeUndefined();
  });
});

describe.each(DIALECTS)('currencies on %s', (dialect) => {
  it('lists the base currency first with rate 1', async () => {
    const { app } = await buildOrgApp(dialect);
    const res = await app.inject({ method: 'GET', url: '/api/v1/settings/currencies', headers: as(ADMIN) });
    expect(res.json().currencies).toEqual([
      expect.objectContaining({
        currency_code: 'USD',
        is_base_currency: true,
        exchange_rate: 1,
        price_precision: 2,
      }),
    ]);
  });

  it('an admin enables a currency with a rate; the list shows the latest rate', async () => {
    const { app } = await buildOrgApp(dialect);
    const add = await app.inject({
      method: 'POST',
      url: '/api/v1/settings/currencies',
      headers: as(ADMIN),
      payload: { currency_code: 'EUR', exchange_rate: '1.05', effective_date: '2025-01-01' },
    });
    expect(add.statusCode).toBe(201);
    await app.inject({
      method: 'POST',
      url: '/api/v1/settings/currencies/EUR/exchangerates',
      headers: as(ADMIN),
      payload: { effective_date: '2025-06-01', rate: 1.1 },
    });
    const res = await app.inject({ method: 'GET', url: '/api/v1/settings/currencies', headers: as(ADMIN) });
    expect(res.json().currencies[1]).toMatchObject({
      currency_code: 'EUR',
      is_base_currency: false,
      exchange_rate: 1.1,
      effective_date: '2025-06-01',
    });
    const rates = await app.inject({
      method: 'GET',
      url: '/api/v1/settings/currencies/EUR/exchangerates',
      headers: as(ADMIN),
    });
    expect(rates.json().exchange_rates.map((r: { rate: string }) => r.rate)).toEqual(['1.1', '1.05']);
  });

  it('rateOn gives the latest rate on or before the date, 1 for the base, nothing before the first rate', async () => {
    const { app, db, orgId } = await buildOrgApp(dialect);
    await app.inject({
      method: 'POST',
      url: '/api/v1/settings/currencies',
      headers: as(ADMIN),
      payload: { currency_code: 'INR' },
    });
    for (const [effective_date, rate] of [
      ['2025-01-01', '0.012'],
      ['2025-03-01', '0.0119'],
    ]) {
      const r = await app.inject({
        method: 'POST',
        url: '/api/v1/settings/currencies/INR/exchangerates',
        headers: as(ADMIN),
        payload: { effective_date, rate },
      });
      expect(r.statusCode).toBe(201);
    }
    expect(await rateOn(db, orgId, 'INR', '2024-12-31')).toBeUndefined();
    expect(await rateOn(db, orgId, 'INR', '2025-01-01')).toBe('0.012');
    expect(await rateOn(db, orgId, 'INR', '2025-02-28')).toBe('0.012');
    expect(await rateOn(db, orgId, 'INR', '2025-03-01')).toBe('0.0119');
    expect(await rateOn(db, orgId, 'USD', '2000-01-01')).toBe('1');
    expect(await rateOn(db, orgId, 'GBP', '2025-03-01')).toBeUndefined();
  });

  it('a second rate for the same day corrects the first instead of adding another', async () => {
    const { app, db, orgId } = await buildOrgApp(dialect);
    await app.inject({
      method: 'POST',
      url: '/api/v1/settings/currencies',
      headers: as(ADMIN),
      payload: { currency_code: 'GBP' },
    });
    for (const rate of ['1.2', '1.25']) {
      await app.inject({
        method: 'POST',
        url: '/api/v1/settings/currencies/GBP/exchangerates',
        headers: as(ADMIN),
        payload: { effective_date: '2025-05-05', rate },
      });
    }
    expect(await rateOn(db, orgId, 'GBP', '2025-05-05')).toBe('1.25');
    const rows = await db.selectFrom('exchange_rates').selectAll().where('org_id', '=', orgId).execute();
    expect(rows).toHaveLength(1);
  });

  it('bad rates, dates, codes and duplicates are refused with 4xx and store nothing', async () => {
    const { app, db, orgId } = await buildOrgApp(dialect);
    await app.inject({
      method: 'POST',
      url: '/api/v1/settings/currencies',
      headers: as(ADMIN),
      payload: { currency_code: 'EUR' },
    });
    const post = (url: string, payload: object) =>
      app.inject({ method: 'POST', url, headers: as(ADMIN), payload });
    const rates = '/api/v1/settings/currencies/EUR/exchangerates';
    expect((await post(rates, { effective_date: '2025-02-30', rate: '1.1' })).statusCode).toBe(400);
    expect((await post(rates, { effective_date: '2025-02-01', rate: '-1' })).statusCode).toBe(400);
    expect((await post(rates, { effective_date: '2025-02-01', rate: 0 })).statusCode).toBe(400);
    expect((await post(rates, { effective_date: '2025-02-01', rate: 'abc' })).statusCode).toBe(400);
    expect((await post(rates, { effective_date: '2025-02-01' })).statusCode).toBe(400);
    expect(
      (
        await post('/api/v1/settings/currencies/USD/exchangerates', {
          effective_date: '2025-02-01',
          rate: '2',
        })
      ).statusCode,
    ).toBe(400);
    expect(
      (
        await post('/api/v1/settings/currencies/JPY/exchangerates', {
          effective_date: '2025-02-01',
          rate: '2',
        })
      ).statusCode,
    ).toBe(404);
    expect((await post('/api/v1/settings/currencies', { currency_code: 'EUR' })).statusCode).toBe(409);
    expect((await post('/api/v1/settings/currencies', { currency_code: 'ABC' })).statusCode).toBe(400);
    expect((await post('/api/v1/settings/currencies', { currency_code: 'eur' })).statusCode).toBe(400);
    const rows = await db.selectFrom('exchange_rates').selectAll().where('org_id', '=', orgId).execute();
    expect(rows).toHaveLength(0);
  });

  it('only admins add currencies and rates (403)', async () => {
    const { app, addUser } = await buildOrgApp(dialect);
    await addUser('rep@acme.example');
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/settings/currencies',
      headers: as('rep@acme.example'),
      payload: { currency_code: 'EUR' },
    });
    expect(res.statusCode).toBe(403);
  });

  describe('DELETE /settings/currencies/{code}', () => {
    async function enable(app: Awaited<ReturnType<typeof buildOrgApp>>['app'], code: string) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/settings/currencies',
        headers: as(ADMIN),
        payload: { currency_code: code, exchange_rate: '1.1', effective_date: '2026-01-01' },
      });
      expect(res.statusCode, res.body).toBe(201);
    }

    it('an admin deletes a currency nothing uses, with its exchange rates', async () => {
      const { app, db, orgId } = await buildOrgApp(dialect);
      await enable(app, 'EUR');
      await enable(app, 'GBP');
      const del = await app.inject({
        method: 'DELETE',
        url: '/api/v1/settings/currencies/EUR',
        headers: as(ADMIN),
      });
      expect(del.statusCode, del.body).toBe(200);
      expect(del.json()).toEqual({ code: 0, message: 'The currency has been deleted.' });
      const list = await app.inject({
        method: 'GET',
        url: '/api/v1/settings/currencies',
        headers: as(ADMIN),
      });
      expect(list.json().currencies.map((c: { currency_code: string }) => c.currency_code)).toEqual([
        'USD',
        'GBP',
      ]);
      const rates = await db
        .selectFrom('exchange_rates')
        .select('currency_code')
        .where('org_id', '=', orgId)
        .execute();
      expect(rates.map((r) => r.currency_code)).toEqual(['GBP']);
      const again = await app.inject({
        method: 'DELETE',
        url: '/api/v1/settings/currencies/EUR',
        headers: as(ADMIN),
      });
      expect(again.statusCode).toBe(404);
    });

    it('deleting the base currency returns 409 and changes nothing', async () => {
      const { app, db, orgId } = await buildOrgApp(dialect);
      const res = await app.inject({
        method: 'DELETE',
        url: '/api/v1/settings/currencies/USD',
        headers: as(ADMIN),
      });
      expect(res.statusCode).toBe(409);
      expect(res.json()).toEqual({ code: 6007, message: 'USD is the base currency and cannot be deleted.' });
      const rows = await db
        .selectFrom('currencies')
        .select('currency_code')
        .where('org_id', '=', orgId)
        .execute();
      expect(rows.map((r) => r.currency_code)).toEqual(['USD']);
    });

    it('deleting a currency used by an expense returns 409 and keeps the currency and its rates', async () => {
      const { app, db, orgId } = await buildOrgApp(dialect);
      await enable(app, 'EUR');
      const meals = (
        await app.inject({ method: 'GET', url: '/api/v1/expensecategories?per_page=200', headers: as(ADMIN) })
      )
        .json()
        .expense_categories.find((c: { category_name: string }) => c.category_name === 'Meals');
      const created = await app.inject({
        method: 'POST',
        url: '/api/v1/expenses',
        headers: as(ADMIN),
        payload: { date: '2026-01-10', category_id: meals.category_id, amount: 20, currency_code: 'EUR' },
      });
      expect(created.statusCode, created.body).toBe(201);
      const res = await app.inject({
        method: 'DELETE',
        url: '/api/v1/settings/currencies/EUR',
        headers: as(ADMIN),
      });
      expect(res.statusCode).toBe(409);
      expect(res.json()).toEqual({ code: 6007, message: 'EUR is used by expenses and cannot be deleted.' });
      const rows = await db
        .selectFrom('currencies')
        .select('currency_code')
        .where('org_id', '=', orgId)
        .execute();
      expect(rows.map((r) => r.currency_code).sort()).toEqual(['EUR', 'USD']);
      expect(await rateOn(db, orgId, 'EUR', '2026-01-10')).toBe('1.1');
    });

    it('deleting the currency of a per diem policy returns 409 naming the policies', async () => {
      const { app } = await buildOrgApp(dialect);
      await enable(app, 'EUR');
      const policy = await app.inject({
        method: 'POST',
        url: '/api/v1/settings/perdiem',
        headers: as(ADMIN),
        payload: { policy_name: 'Germany', currency_code: 'EUR', rates: [{ location: 'Berlin', rate: 28 }] },
      });
      expect(policy.statusCode, policy.body).toBe(201);
      const res = await app.inject({
        method: 'DELETE',
        url: '/api/v1/settings/currencies/EUR',
        headers: as(ADMIN),
      });
      expect(res.statusCode).toBe(409);
      expect(res.json().message).toBe('EUR is used by per diem policies and cannot be deleted.');
    });

    it('a submitter gets 403, a currency not enabled 404 and a malformed code 400; nothing is deleted', async () => {
      const { app, db, orgId, addUser } = await buildOrgApp(dialect);
      await enable(app, 'EUR');
      await addUser('rep@acme.example');
      const del = (code: string, email = ADMIN) =>
        app.inject({ method: 'DELETE', url: `/api/v1/settings/currencies/${code}`, headers: as(email) });
      expect((await del('EUR', 'rep@acme.example')).statusCode).toBe(403);
      expect((await del('JPY')).statusCode).toBe(404);
      expect((await del('eur')).statusCode).toBe(400);
      expect((await del('EURO')).statusCode).toBe(400);
      const rows = await db
        .selectFrom('currencies')
        .select('currency_code')
        .where('org_id', '=', orgId)
        .execute();
      expect(rows).toHaveLength(2);
    });

    it("another organisation's currency is not touched", async () => {
      const { app, db } = await buildOrgApp(dialect);
      const other = await app.inject({
        method: 'POST',
        url: '/api/v1/organizations',
        headers: as('boss@other.example'),
        payload: { name: 'Other', currency_code: 'USD' },
      });
      const otherOrg = other.json().organization.organization_id;
      const added = await app.inject({
        method: 'POST',
        url: '/api/v1/settings/currencies',
        headers: as('boss@other.example', otherOrg),
        payload: { currency_code: 'CHF' },
      });
      expect(added.statusCode).toBe(201);
      const res = await app.inject({
        method: 'DELETE',
        url: '/api/v1/settings/currencies/CHF',
        headers: as(ADMIN),
      });
      expect(res.statusCode).toBe(404);
      const theirs = await db
        .selectFrom('currencies')
        .select('currency_code')
        .where('org_id', '=', otherOrg)
        .execute();
      expect(theirs.map((r) => r.currency_code).sort()).toEqual(['CHF', 'USD']);
    });
  });
});

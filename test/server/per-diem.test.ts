import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/dialects.js';
import { buildExpenseWorld } from './expenses-fixture.js';

type World = Awaited<ReturnType<typeof buildExpenseWorld>>;

const POLICY = {
  policy_name: 'Germany 2026',
  currency_code: 'EUR',
  rates: [
    { location: 'Berlin', rate: 28 },
    { location: 'Munich', rate: 30 },
    { location: 'Paris', rate: 45.5 },
  ],
  rules: [
    { min_hours: 0, max_hours: 8, percent: 0 },
    { min_hours: 8, max_hours: 24, percent: 50 },
  ],
};

async function createPolicy(w: World, body: object = POLICY) {
  const res = await w.app.inject({
    method: 'POST',
    url: '/api/v1/settings/perdiem',
    headers: w.h.admin,
    payload: body,
  });
  if (res.statusCode !== 201) throw new Error(`policy: ${res.statusCode} ${res.body}`);
  return res.json().per_diem_policy as { policy_id: string; last_modified_time: string };
}

const TRIP = {
  per_diem_type: 'trip',
  start_date: '2026-01-14',
  start_time: '09:00',
  end_date: '2026-01-17',
  end_time: '17:00',
  departure_location: 'Berlin',
  arrival_location: 'Paris',
  location: 'Munich',
};

describe.each(DIALECTS)('per diem API on %s', (dialect) => {
  describe('policies', () => {
    it('an admin creates a policy that everyone can read', async () => {
      const w = await buildExpenseWorld(dialect);
      const p = await createPolicy(w);
      const list = await w.app.inject({ method: 'GET', url: '/api/v1/settings/perdiem', headers: w.h.rep });
      expect(list.statusCode).toBe(200);
      expect(list.json().per_diem_policies).toEqual([
        expect.objectContaining({
          policy_id: p.policy_id,
          policy_name: 'Germany 2026',
          currency_code: 'EUR',
          rates: [
            { location: 'Berlin', rate: 28 },
            { location: 'Munich', rate: 30 },
            { location: 'Paris', rate: 45.5 },
          ],
          rules: POLICY.rules,
          status: 'active',
        }),
      ]);
    });

    it('a submitter cannot create, change or delete a policy (403)', async () => {
      const w = await buildExpenseWorld(dialect);
      const p = await createPolicy(w);
      const create = await w.app.inject({
        method: 'POST',
        url: '/api/v1/settings/perdiem',
        headers: w.h.rep,
        payload: POLICY,
      });
      expect(create.statusCode).toBe(403);
      const put = await w.app.inject({
        method: 'PUT',
        url: `/api/v1/settings/perdiem/${p.policy_id}`,
        headers: w.h.rep,
        payload: { policy_name: 'x' },
      });
      expect(put.statusCode).toBe(403);
      const del = await w.app.inject({
        method: 'DELETE',
        url: `/api/v1/settings/perdiem/${p.policy_id}`,
        headers: w.h.rep,
      });
      expect(del.statusCode).toBe(403);
      expect(await w.count('per_diem_policies')).toBe(1);
    });

    it('refuses overlapping rules, duplicate locations and too many decimals', async () => {
      const w = await buildExpenseWorld(dialect);
      const bad = [
        {
          ...POLICY,
          rules: [
            { min_hours: 0, max_hours: 10, percent: 0 },
            { min_hours: 8, max_hours: 24, percent: 50 },
          ],
        },
        {
          ...POLICY,
          rates: [
            { location: 'Berlin', rate: 28 },
            { location: 'Berlin', rate: 30 },
          ],
        },
        { ...POLICY, currency_code: 'JPY', rates: [{ location: 'Tokyo', rate: 10.5 }] },
        { ...POLICY, rules: [{ min_hours: 8, max_hours: 4, percent: 50 }] },
        { ...POLICY, currency_code: 'QQQ' },
      ];
      for (const body of bad) {
        const res = await w.app.inject({
          method: 'POST',
          url: '/api/v1/settings/perdiem',
          headers: w.h.admin,
          payload: body,
        });
        expect(res.statusCode, JSON.stringify(body)).toBe(400);
      }
      expect(await w.count('per_diem_policies')).toBe(0);
      expect(await w.count('per_diem_rates')).toBe(0);
    });

    it('updates rates with a fresh version; a stale one gets 409', async () => {
      const w = await buildExpenseWorld(dialect);
      const p = await createPolicy(w);
      const ok = await w.app.inject({
        method: 'PUT',
        url: `/api/v1/settings/perdiem/${p.policy_id}`,
        headers: w.h.admin,
        payload: { rates: [{ location: 'Hamburg', rate: 29 }], last_modified_time: p.last_modified_time },
      });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json().per_diem_policy.rates).toEqual([{ location: 'Hamburg', rate: 29 }]);
      const stale = await w.app.inject({
        method: 'PUT',
        url: `/api/v1/settings/perdiem/${p.policy_id}`,
        headers: w.h.admin,
        payload: { policy_name: 'Old', last_modified_time: p.last_modified_time },
      });
      expect(stale.statusCode).toBe(409);
    });

    it('another organisation’s policy is 404', async () => {
      const w = await buildExpenseWorld(dialect);
      const p = await createPolicy(w);
      const res = await w.app.inject({
        method: 'GET',
        url: `/api/v1/settings/perdiem/${p.policy_id}`,
        headers: w.h.otherAdmin,
      });
      expect(res.statusCode).toBe(404);
      const del = await w.app.inject({
        method: 'DELETE',
        url: `/api/v1/settings/perdiem/${p.policy_id}`,
        headers: w.h.otherAdmin,
      });
      expect(del.statusCode).toBe(404);
    });
  });

  describe('calculate', () => {
    it('calculates a trip: partial first and last days, full days between (seed example)', async () => {
      const w = await buildExpenseWorld(dialect);
      await createPolicy(w);
      const res = await w.app.inject({
        method: 'POST',
        url: '/api/v1/expenses/perdiem/calculate',
        headers: w.h.rep,
        payload: TRIP,
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().per_diem).toMatchObject({
        currency_code: 'EUR',
        per_diem_type: 'trip',
        lines: [
          { date: '2026-01-14', location: 'Berlin', hours: 15, rate: 28, percent: 50, amount: 14 },
          { date: '2026-01-15', location: 'Munich', hours: 24, rate: 30, percent: 100, amount: 30 },
          { date: '2026-01-16', location: 'Munich', hours: 24, rate: 30, percent: 100, amount: 30 },
          { date: '2026-01-17', location: 'Paris', hours: 17, rate: 45.5, percent: 50, amount: 22.75 },
        ],
        total: 96.75,
      });
    });

    it('calculates individual days with the same hours every day', async () => {
      const w = await buildExpenseWorld(dialect);
      await createPolicy(w);
      const res = await w.app.inject({
        method: 'POST',
        url: '/api/v1/expenses/perdiem/calculate',
        headers: w.h.rep,
        payload: { ...TRIP, per_diem_type: 'individual_days', location: 'Berlin' },
      });
      expect(
        res.json().per_diem.lines.map((l: { hours: number; amount: number }) => [l.hours, l.amount]),
      ).toEqual([
        [8, 14],
        [8, 14],
        [8, 14],
        [8, 14],
      ]);
    });

    it('names what is wrong: no policy, unknown location, missing locations, end before start', async () => {
      const w = await buildExpenseWorld(dialect);
      const calc = (payload: object) =>
        w.app.inject({
          method: 'POST',
          url: '/api/v1/expenses/perdiem/calculate',
          headers: w.h.rep,
          payload,
        });
      expect((await calc(TRIP)).json().code).toBe(6100);
      await createPolicy(w);
      const rome = await calc({ ...TRIP, arrival_location: 'Rome' });
      expect(rome.statusCode).toBe(400);
      expect(rome.json()).toMatchObject({ code: 6101, message: expect.stringContaining('Rome') });
      expect((await calc({ ...TRIP, departure_location: undefined })).statusCode).toBe(400);
      const backwards = await calc({ ...TRIP, end_date: '2026-01-10' });
      expect(backwards.json().code).toBe(6102);
      expect((await calc({ ...TRIP, start_time: '9am' })).statusCode).toBe(400);
    });
  });

  describe('record', () => {
    it('records the chosen days as per diem expenses under the Per Diem category, in a report', async () => {
      const w = await buildExpenseWorld(dialect);
      await createPolicy(w);
      const report = await w.addReport(w.rep, 'draft');
      const res = await w.app.inject({
        method: 'POST',
        url: '/api/v1/expenses/perdiem',
        headers: w.h.rep,
        payload: {
          ...TRIP,
          dates: ['2026-01-15', '2026-01-17'],
          report_id: report.report_id,
          deal_id: w.acmeDeal,
        },
      });
      expect(res.statusCode, res.body).toBe(201);
      const expenses = res.json().expenses;
      expect(expenses).toHaveLength(2);
      expect(expenses[0]).toMatchObject({
        date: '2026-01-15',
        category_name: 'Per Diem',
        expense_type: 'per_diem',
        amount: 30,
        currency_code: 'EUR',
        exchange_rate: 1.2,
        bcy_total: 36,
        report_id: report.report_id,
        status: 'unsubmitted',
        customer_id: w.acme,
        per_diem: expect.objectContaining({
          location: 'Munich',
          percent: 100,
          per_diem_rate: 30,
          per_diem_name: 'Germany 2026',
        }),
      });
      expect(expenses[1]).toMatchObject({
        date: '2026-01-17',
        amount: 22.75,
        per_diem: expect.objectContaining({ hours: 17 }),
      });
    });

    it('records every day that earns something when no dates are chosen', async () => {
      const w = await buildExpenseWorld(dialect);
      await createPolicy(w);
      const res = await w.app.inject({
        method: 'POST',
        url: '/api/v1/expenses/perdiem',
        headers: w.h.rep,
        payload: { ...TRIP, start_time: '18:00' },
      });
      expect(res.statusCode, res.body).toBe(201);
      // 14 Jan has 6 h → 0 %, so three expenses.
      expect(res.json().expenses.map((e: { date: string }) => e.date)).toEqual([
        '2026-01-15',
        '2026-01-16',
        '2026-01-17',
      ]);
    });

    it('refuses a date outside the period or one that earns nothing, and records none', async () => {
      const w = await buildExpenseWorld(dialect);
      await createPolicy(w);
      for (const dates of [['2026-01-15', '2026-02-01'], ['2026-01-14']]) {
        const res = await w.app.inject({
          method: 'POST',
          url: '/api/v1/expenses/perdiem',
          headers: w.h.rep,
          payload: { ...TRIP, start_time: '18:00', dates },
        });
        expect(res.statusCode, JSON.stringify(dates)).toBe(400);
      }
      expect(await w.count('expenses')).toBe(0);
    });

    it('a per diem amount cannot be edited, other fields can', async () => {
      const w = await buildExpenseWorld(dialect);
      await createPolicy(w);
      const res = await w.app.inject({
        method: 'POST',
        url: '/api/v1/expenses/perdiem',
        headers: w.h.rep,
        payload: { ...TRIP, dates: ['2026-01-15'] },
      });
      const id = res.json().expenses[0].expense_id;
      const amount = await w.app.inject({
        method: 'PUT',
        url: `/api/v1/expenses/${id}`,
        headers: w.h.rep,
        payload: { amount: 99 },
      });
      expect(amount.statusCode).toBe(400);
      const desc = await w.app.inject({
        method: 'PUT',
        url: `/api/v1/expenses/${id}`,
        headers: w.h.rep,
        payload: { description: 'Client visit' },
      });
      expect(desc.statusCode).toBe(200);
      expect(desc.json().expense).toMatchObject({ amount: 30, description: 'Client visit' });
    });
  });
});

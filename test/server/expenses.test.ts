import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/dialects.js';
import { buildExpenseWorld } from './expenses-fixture.js';
import { multipartBody, SAMPLES } from './receipt-samples.js';

describe.each(DIALECTS)('expenses API on %s', (dialect) => {
  it('creates an expense in the base currency with Zoho field names', async () => {
    const w = await buildExpenseWorld(dialect);
    const res = await w.app.inject({
      method: 'POST',
      url: '/api/v1/expenses',
      headers: w.h.rep,
      payload: {
        date: '2026-01-16',
        category_id: w.meals,
        amount: 42.5,
        merchant_name: 'Blue Bottle',
        description: 'Coffee with the buyer',
        reference_number: 'R-1',
        is_billable: true,
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const e = res.json().expense;
    expect(res.json()).toMatchObject({ code: 0, message: 'success' });
    expect(e).toMatchObject({
      user_id: w.rep.user_id,
      user_name: 'rep',
      date: '2026-01-16',
      category_id: w.meals,
      category_name: 'Meals',
      amount: 42.5,
      total: 42.5,
      bcy_total: 42.5,
      currency_code: 'USD',
      exchange_rate: 1,
      merchant_name: 'Blue Bottle',
      is_reimbursable: true,
      is_billable: true,
      status: 'unreported',
      report_id: null,
      expense_type: 'non_mileage',
      receipts: [],
      duplicate_of: [],
    });
    expect(typeof e.expense_id).toBe('string');
    const row = await w.db
      .selectFrom('expenses')
      .selectAll()
      .where('expense_id', '=', e.expense_id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ amount: 4250, base_amount: 4250, exchange_rate: '1' });
  });

  it('stores the exchange rate of the expense date and the base amount', async () => {
    const w = await buildExpenseWorld(dialect);
    const before = await w.createExpense({ date: '2026-01-10', amount: 100, currency_code: 'EUR' });
    expect(before).toMatchObject({ currency_code: 'EUR', exchange_rate: 1.1, amount: 100, bcy_total: 110 });
    const after = await w.createExpense({ date: '2026-01-15', amount: 100, currency_code: 'EUR' });
    expect(after).toMatchObject({ exchange_rate: 1.2, bcy_total: 120 });
    const yen = await w.createExpense({ amount: 1000, currency_code: 'JPY' });
    expect(yen).toMatchObject({ amount: 1000, bcy_total: 6.7 });
    const kwd = await w.createExpense({ amount: 1.234, currency_code: 'KWD' });
    expect(kwd).toMatchObject({ amount: 1.234, bcy_total: 4.01 });
  });

  it('refuses a currency without a rate on or before the date (NO_EXCHANGE_RATE) and stores nothing', async () => {
    const w = await buildExpenseWorld(dialect);
    for (const payload of [{ currency_code: 'GBP' }, { currency_code: 'EUR', date: '2025-12-31' }]) {
      const res = await w.app.inject({
        method: 'POST',
        url: '/api/v1/expenses',
        headers: w.h.rep,
        payload: { date: '2026-01-16', category_id: w.meals, amount: 10, ...payload },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe(1005);
    }
    expect(await w.count('expenses')).toBe(0);
  });

  it('refuses too many decimals for JPY and KWD, a disabled currency and a disabled category', async () => {
    const w = await buildExpenseWorld(dialect);
    const post = (payload: object) =>
      w.app.inject({
        method: 'POST',
        url: '/api/v1/expenses',
        headers: w.h.rep,
        payload: { date: '2026-01-16', category_id: w.meals, amount: 10, ...payload },
      });
    expect((await post({ amount: 10.5, currency_code: 'JPY' })).json().code).toBe(1002);
    expect((await post({ amount: 1.2345, currency_code: 'KWD' })).json().code).toBe(1002);
    expect((await post({ amount: 10.005 })).json().code).toBe(1002);
    expect((await post({ currency_code: 'CHF' })).json().code).toBe(1004);
    expect((await post({ currency_code: 'XYZ' })).json().code).toBe(1004);
    const disabled = await post({ category_id: w.parking });
    expect(disabled.statusCode).toBe(400);
    expect(disabled.json().message).toMatch(/disabled/);
    expect((await post({ date: '2025-02-30' })).statusCode).toBe(400);
    expect(await w.count('expenses')).toBe(0);
  });

  it('takes the deal’s account as customer when no customer is given', async () => {
    const w = await buildExpenseWorld(dialect);
    const e = await w.createExpense({ deal_id: w.acmeDeal });
    expect(e).toMatchObject({
      deal_id: w.acmeDeal,
      deal_name: 'Acme renewal',
      customer_id: w.acme,
      customer_name: 'Acme Corp',
    });
  });

  it('accepts a deal of the customer or of the customer’s account, and refuses another customer’s deal', async () => {
    const w = await buildExpenseWorld(dialect);
    expect(await w.createExpense({ deal_id: w.acmeDeal, customer_id: w.acme })).toMatchObject({
      customer_id: w.acme,
    });
    expect(await w.createExpense({ deal_id: w.acmeDeal, customer_id: w.bob })).toMatchObject({
      customer_id: w.bob,
    });
    const res = await w.app.inject({
      method: 'POST',
      url: '/api/v1/expenses',
      headers: w.h.rep,
      payload: {
        date: '2026-01-16',
        category_id: w.meals,
        amount: 10,
        deal_id: w.globexDeal,
        customer_id: w.acme,
      },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe(6104);
  });

  it('refuses references to records of another organisation', async () => {
    const w = await buildExpenseWorld(dialect);
    for (const payload of [
      { category_id: w.other.category },
      { customer_id: w.other.contact },
      { deal_id: w.other.deal },
      { project_id: 'nope' },
      { attendees: [{ user_id: 'missing' }] },
      { attendees: [{ contact_id: w.other.contact }] },
    ]) {
      const res = await w.app.inject({
        method: 'POST',
        url: '/api/v1/expenses',
        headers: w.h.rep,
        payload: { date: '2026-01-16', category_id: w.meals, amount: 10, ...payload },
      });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().code).toBe(1006);
    }
    expect(await w.count('expenses')).toBe(0);
  });

  it('records attendees (users and CRM contacts) with their names', async () => {
    const w = await buildExpenseWorld(dialect);
    const e = await w.createExpense({ attendees: [{ user_id: w.manager.user_id }, { contact_id: w.bob }] });
    expect(e.attendees).toEqual([
      { user_id: w.manager.user_id, name: 'manager' },
      { contact_id: w.bob, name: 'Bob Buyer' },
    ]);
  });

  it('creates an expense straight into the caller’s draft report as unsubmitted', async () => {
    const w = await buildExpenseWorld(dialect);
    const report = await w.addReport(w.rep, 'draft');
    const e = await w.createExpense({ report_id: report.report_id });
    expect(e).toMatchObject({
      report_id: report.report_id,
      report_name: 'Report draft',
      status: 'unsubmitted',
    });
  });

  it('refuses to create into a submitted report or someone else’s report, storing nothing', async () => {
    const w = await buildExpenseWorld(dialect);
    const submitted = await w.addReport(w.rep, 'submitted');
    const others = await w.addReport(w.rep2, 'draft');
    const post = (report_id: string) =>
      w.app.inject({
        method: 'POST',
        url: '/api/v1/expenses',
        headers: w.h.rep,
        payload: { date: '2026-01-16', category_id: w.meals, amount: 10, report_id },
      });
    expect((await post(submitted.report_id)).statusCode).toBe(409);
    expect((await post(others.report_id)).statusCode).toBe(404);
    expect(await w.count('expenses')).toBe(0);
  });

  it('a repeated Idempotency-Key creates one expense', async () => {
    const w = await buildExpenseWorld(dialect);
    const send = () =>
      w.app.inject({
        method: 'POST',
        url: '/api/v1/expenses',
        headers: { ...w.h.rep, 'idempotency-key': 'k-1' },
        payload: { date: '2026-01-16', category_id: w.meals, amount: 10 },
      });
    const a = await send();
    const b = await send();
    expect(a.statusCode).toBe(201);
    expect(b.statusCode).toBe(201);
    expect(b.json().expense.expense_id).toBe(a.json().expense.expense_id);
    expect(b.body).toBe(a.body);
    expect(await w.count('expenses')).toBe(1);
  });

  it('the answer to a create is exactly what reading the expense back returns', async () => {
    const w = await buildExpenseWorld(dialect);
    const earlier = await w.createExpense({ amount: 12, merchant_name: 'Cafe' });
    // A report that was submitted and rejected: the addition is audited and the status follows it.
    const rejected = await w.addReport(w.rep, 'rejected');
    const cases: Record<string, unknown>[] = [
      { amount: 12, merchant_name: 'cafe' },
      // The customer comes from the deal; names of the deal, its account, the project, attendees.
      {
        deal_id: w.acmeDeal,
        project_id: w.projectId,
        currency_code: 'EUR',
        attendees: [{ user_id: w.manager.user_id }, { contact_id: w.bob }],
      },
      { customer_id: w.bob, deal_id: w.acmeDeal, report_id: (await w.addReport(w.rep, 'draft')).report_id },
      { report_id: rejected.report_id, is_reimbursable: false, is_billable: true },
    ];
    const answers: Record<string, any>[] = [];
    for (const payload of cases) {
      const created = await w.createExpense(payload);
      const read = await w.app.inject({
        method: 'GET',
        url: `/api/v1/expenses/${created.expense_id}`,
        headers: w.h.rep,
      });
      expect(read.statusCode).toBe(200);
      expect(created).toEqual(read.json().expense);
      answers.push(created);
    }
    expect(answers[0]!.duplicate_of).toEqual([earlier.expense_id]);
    expect(answers[1]!.customer_name).toBe('Acme Corp');
    expect(answers[1]!.attendees.map((a: { name: string }) => a.name)).toEqual(['manager', 'Bob Buyer']);
    expect(answers[3]!.status).toBe('rejected');
  });

  it('an expense created straight into a report submitted before is in the audit log; into a draft it is not', async () => {
    const w = await buildExpenseWorld(dialect);
    const rejected = await w.addReport(w.rep, 'rejected');
    const draft = await w.addReport(w.rep, 'draft');
    const audited = await w.createExpense({ report_id: rejected.report_id });
    const quiet = await w.createExpense({ report_id: draft.report_id });
    const entries = await w.db
      .selectFrom('audit_log')
      .select(['entity_type', 'entity_id', 'action', 'changes'])
      .where('entity_type', '=', 'expense')
      .execute();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ entity_id: audited.expense_id, action: 'added_to_report' });
    expect(JSON.parse(entries[0]!.changes)).toEqual({
      report_id: [null, rejected.report_id],
      status: ['unreported', 'rejected'],
    });
    expect(quiet.status).toBe('unsubmitted');
    // Both reports got a new version, so a stale edit of either is refused.
    const versions = await w.db
      .selectFrom('expense_reports')
      .select(['report_id', 'last_modified_time'])
      .where('report_id', 'in', [rejected.report_id, draft.report_id])
      .execute();
    for (const v of versions) expect(v.last_modified_time > rejected.last_modified_time).toBe(true);
  });

  it('the same Idempotency-Key sent many times at once creates one expense; the rest replay it or get 409', async () => {
    const w = await buildExpenseWorld(dialect);
    const send = () =>
      w.app.inject({
        method: 'POST',
        url: '/api/v1/expenses',
        headers: { ...w.h.rep, 'idempotency-key': 'burst' },
        payload: { date: '2026-01-16', category_id: w.meals, amount: 10 },
      });
    const answers = await Promise.all(Array.from({ length: 8 }, send));
    const created = answers.filter((r) => r.statusCode === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((r) => r.json().expense.expense_id)).size).toBe(1);
    for (const r of answers) expect([201, 409]).toContain(r.statusCode);
    expect(await w.count('expenses')).toBe(1);
    // Once the first has committed, a retry always gets its answer.
    const retry = await send();
    expect(retry.statusCode).toBe(201);
    expect(retry.json().expense.expense_id).toBe(created[0]!.json().expense.expense_id);
  });

  it('a create that fails stores its error under the key and leaves no expense behind', async () => {
    const w = await buildExpenseWorld(dialect);
    const send = (category_id: string) =>
      w.app.inject({
        method: 'POST',
        url: '/api/v1/expenses',
        headers: { ...w.h.rep, 'idempotency-key': 'bad-category' },
        payload: { date: '2026-01-16', category_id, amount: 10 },
      });
    const first = await send('no-such-category');
    expect(first.statusCode).toBe(400);
    // The key is spent on that answer: the same key with a fixed body replays the refusal.
    const again = await send(w.meals);
    expect(again.statusCode).toBe(400);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await w.count('expenses')).toBe(0);
  });

  it('shows an expense to its owner, the report’s approver and admins; others get 404', async () => {
    const w = await buildExpenseWorld(dialect);
    const e = await w.createExpense({});
    const get = (headers: Record<string, string>) =>
      w.app.inject({ method: 'GET', url: `/api/v1/expenses/${e.expense_id}`, headers });
    expect((await get(w.h.rep)).statusCode).toBe(200);
    expect((await get(w.h.admin)).statusCode).toBe(200);
    expect((await get(w.h.rep2)).statusCode).toBe(404);
    expect((await get(w.h.manager)).statusCode).toBe(404);
    expect((await get(w.h.otherAdmin)).statusCode).toBe(404);
    const report = await w.addReport(w.rep, 'submitted');
    await w.putInReport(e.expense_id, report);
    expect((await get(w.h.manager)).statusCode).toBe(200);
  });

  it('flags likely duplicates: same user, date, amount, currency and merchant', async () => {
    const w = await buildExpenseWorld(dialect);
    const a = await w.createExpense({ merchant_name: 'Blue Bottle' });
    const b = await w.createExpense({ merchant_name: 'blue bottle' });
    await w.createExpense({ merchant_name: 'Blue Bottle', amount: 43 });
    const res = await w.app.inject({
      method: 'GET',
      url: `/api/v1/expenses/${b.expense_id}`,
      headers: w.h.rep,
    });
    expect(res.json().expense.duplicate_of).toEqual([a.expense_id]);
  });

  describe('listing', () => {
    it('submitters see their own expenses, admins everyone’s (filterable by user)', async () => {
      const w = await buildExpenseWorld(dialect);
      await w.createExpense({});
      await w.createExpense({}, w.h.rep2);
      const list = async (headers: Record<string, string>, qs = '') =>
        (await w.app.inject({ method: 'GET', url: `/api/v1/expenses${qs}`, headers })).json();
      expect((await list(w.h.rep)).expenses).toHaveLength(1);
      expect((await list(w.h.admin)).expenses).toHaveLength(2);
      expect((await list(w.h.admin, `?user_id=${w.rep2.user_id}`)).expenses).toHaveLength(1);
      expect((await list(w.h.rep, `?user_id=${w.rep2.user_id}`)).expenses).toHaveLength(0);
      expect((await list(w.h.otherAdmin)).expenses).toHaveLength(0);
    });

    it('filters by status (incl. unreported), deal, report, category and date range', async () => {
      const w = await buildExpenseWorld(dialect);
      const report = await w.addReport(w.rep, 'draft');
      const a = await w.createExpense({ date: '2026-01-05', deal_id: w.acmeDeal });
      const b = await w.createExpense({
        date: '2026-01-10',
        report_id: report.report_id,
        category_id: w.lodging,
      });
      const c = await w.createExpense({ date: '2026-01-20' });
      const ids = async (qs: string) =>
        (await w.app.inject({ method: 'GET', url: `/api/v1/expenses?${qs}`, headers: w.h.rep }))
          .json()
          .expenses.map((e: { expense_id: string }) => e.expense_id)
          .sort();
      expect(await ids('status=unreported')).toEqual([a.expense_id, c.expense_id].sort());
      expect(await ids('status=unsubmitted')).toEqual([b.expense_id]);
      expect(await ids(`deal_id=${w.acmeDeal}`)).toEqual([a.expense_id]);
      expect(await ids(`report_id=${report.report_id}`)).toEqual([b.expense_id]);
      expect(await ids(`category_id=${w.lodging}`)).toEqual([b.expense_id]);
      expect(await ids('date_start=2026-01-06&date_end=2026-01-19')).toEqual([b.expense_id]);
    });

    it('customer filter with include_related also matches the account’s contacts', async () => {
      const w = await buildExpenseWorld(dialect);
      const onAccount = await w.createExpense({ customer_id: w.acme });
      const onContact = await w.createExpense({ customer_id: w.bob });
      await w.createExpense({ customer_id: w.globex });
      const ids = async (qs: string) =>
        (await w.app.inject({ method: 'GET', url: `/api/v1/expenses?${qs}`, headers: w.h.rep }))
          .json()
          .expenses.map((e: { expense_id: string }) => e.expense_id)
          .sort();
      expect(await ids(`customer_id=${w.acme}`)).toEqual([onAccount.expense_id]);
      expect(await ids(`customer_id=${w.acme}&include_related=true`)).toEqual(
        [onAccount.expense_id, onContact.expense_id].sort(),
      );
    });

    it('sorts by date, amount or created time and pages with has_more_page', async () => {
      const w = await buildExpenseWorld(dialect);
      await w.createExpense({ date: '2026-01-03', amount: 30 });
      await w.createExpense({ date: '2026-01-01', amount: 10 });
      await w.createExpense({ date: '2026-01-02', amount: 100, currency_code: 'EUR' });
      const list = async (qs: string) =>
        (await w.app.inject({ method: 'GET', url: `/api/v1/expenses?${qs}`, headers: w.h.rep })).json();
      expect((await list('sort_column=date&sort_order=A')).expenses.map((e: any) => e.date)).toEqual([
        '2026-01-01',
        '2026-01-02',
        '2026-01-03',
      ]);
      // Amount sorts by the base-currency value (EUR 100 = USD 110).
      expect((await list('sort_column=amount&sort_order=D')).expenses.map((e: any) => e.bcy_total)).toEqual([
        110, 30, 10,
      ]);
      const page1 = await list('per_page=2&page=1');
      expect(page1.expenses).toHaveLength(2);
      expect(page1.page_context).toMatchObject({ page: 1, per_page: 2, has_more_page: true });
      const page2 = await list('per_page=2&page=2');
      expect(page2.expenses).toHaveLength(1);
      expect(page2.page_context.has_more_page).toBe(false);
    });

    it('refuses unknown filter values with 400', async () => {
      const w = await buildExpenseWorld(dialect);
      for (const qs of ['status=lost', 'sort_column=merchant', 'date_start=2026-13-01', 'per_page=500']) {
        const res = await w.app.inject({ method: 'GET', url: `/api/v1/expenses?${qs}`, headers: w.h.rep });
        expect(res.statusCode, qs).toBe(400);
      }
    });
  });

  describe('updating', () => {
    it('the owner updates an unreported expense; the amount is re-priced', async () => {
      const w = await buildExpenseWorld(dialect);
      const e = await w.createExpense({});
      const res = await w.app.inject({
        method: 'PUT',
        url: `/api/v1/expenses/${e.expense_id}`,
        headers: w.h.rep,
        payload: {
          amount: 50,
          currency_code: 'EUR',
          merchant_name: 'Café',
          last_modified_time: e.last_modified_time,
        },
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().expense).toMatchObject({
        amount: 50,
        currency_code: 'EUR',
        bcy_total: 60,
        merchant_name: 'Café',
      });
      expect(res.json().expense.last_modified_time > e.last_modified_time).toBe(true);
    });

    it('a stale last_modified_time or If-Match gets 409 and changes nothing', async () => {
      const w = await buildExpenseWorld(dialect);
      const e = await w.createExpense({});
      const stale = await w.app.inject({
        method: 'PUT',
        url: `/api/v1/expenses/${e.expense_id}`,
        headers: w.h.rep,
        payload: { amount: 1, last_modified_time: '2020-01-01T00:00:00.000Z' },
      });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().code).toBe(4001);
      const staleHeader = await w.app.inject({
        method: 'PUT',
        url: `/api/v1/expenses/${e.expense_id}`,
        headers: { ...w.h.rep, 'if-match': '"2020-01-01T00:00:00.000Z"' },
        payload: { amount: 1 },
      });
      expect(staleHeader.statusCode).toBe(409);
      const fresh = await w.app.inject({
        method: 'PUT',
        url: `/api/v1/expenses/${e.expense_id}`,
        headers: { ...w.h.rep, 'if-match': `"${e.last_modified_time}"` },
        payload: { description: 'ok' },
      });
      expect(fresh.statusCode).toBe(200);
      const row = await w.db
        .selectFrom('expenses')
        .selectAll()
        .where('expense_id', '=', e.expense_id)
        .executeTakeFirstOrThrow();
      expect(row.amount).toBe(4250);
    });

    it('the owner cannot change an expense in a submitted report (409); the approver can, and it is audited', async () => {
      const w = await buildExpenseWorld(dialect);
      const e = await w.createExpense({});
      const report = await w.addReport(w.rep, 'submitted');
      await w.putInReport(e.expense_id, report);
      const byOwner = await w.app.inject({
        method: 'PUT',
        url: `/api/v1/expenses/${e.expense_id}`,
        headers: w.h.rep,
        payload: { description: 'changed' },
      });
      expect(byOwner.statusCode).toBe(409);
      expect(byOwner.json().code).toBe(4003);
      const byApprover = await w.app.inject({
        method: 'PUT',
        url: `/api/v1/expenses/${e.expense_id}`,
        headers: w.h.manager,
        payload: { category_id: w.lodging },
      });
      expect(byApprover.statusCode, byApprover.body).toBe(200);
      const audit = await w.db
        .selectFrom('audit_log')
        .selectAll()
        .where('entity_id', '=', e.expense_id)
        .execute();
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({
        entity_type: 'expense',
        action: 'updated',
        actor_id: w.manager.user_id,
      });
      expect(JSON.parse(audit[0]!.changes)).toEqual({ category_id: [w.meals, w.lodging] });
    });

    it('an approver lowered to submitter can no longer change the expenses of a report waiting for them', async () => {
      const w = await buildExpenseWorld(dialect);
      const e = await w.createExpense({});
      const report = await w.addReport(w.rep, 'submitted');
      await w.putInReport(e.expense_id, report);
      await w.db
        .updateTable('users')
        .set({ user_role: 'submitter' })
        .where('user_id', '=', w.manager.user_id)
        .execute();
      const before = await w.db
        .selectFrom('expenses')
        .selectAll()
        .where('expense_id', '=', e.expense_id)
        .execute();
      const res = await w.app.inject({
        method: 'PUT',
        url: `/api/v1/expenses/${e.expense_id}`,
        headers: w.h.manager,
        payload: { amount: 1 },
      });
      expect(res.statusCode, res.body).toBe(409);
      expect(res.json().code).toBe(4003);
      const upload = multipartBody(SAMPLES.png);
      const attach = await w.app.inject({
        method: 'POST',
        url: `/api/v1/expenses/${e.expense_id}/receipt`,
        headers: { ...w.h.manager, ...upload.headers },
        payload: upload.payload,
      });
      expect(attach.statusCode, attach.body).toBe(409);
      expect(
        await w.db.selectFrom('expenses').selectAll().where('expense_id', '=', e.expense_id).execute(),
      ).toEqual(before);
      expect(await w.count('receipts')).toBe(0);
    });

    it('nobody changes an approved expense', async () => {
      const w = await buildExpenseWorld(dialect);
      const e = await w.createExpense({});
      const report = await w.addReport(w.rep, 'approved');
      await w.putInReport(e.expense_id, report);
      const res = await w.app.inject({
        method: 'PUT',
        url: `/api/v1/expenses/${e.expense_id}`,
        headers: w.h.admin,
        payload: { description: 'x' },
      });
      expect(res.statusCode).toBe(409);
    });

    it('changing only the deal replaces a customer that no longer fits', async () => {
      const w = await buildExpenseWorld(dialect);
      const e = await w.createExpense({ deal_id: w.acmeDeal });
      const res = await w.app.inject({
        method: 'PUT',
        url: `/api/v1/expenses/${e.expense_id}`,
        headers: w.h.rep,
        payload: { deal_id: w.globexDeal },
      });
      expect(res.json().expense).toMatchObject({ deal_id: w.globexDeal, customer_id: w.globex });
    });
  });

  describe('deleting', () => {
    it('deletes an unreported expense and an unsubmitted one', async () => {
      const w = await buildExpenseWorld(dialect);
      const a = await w.createExpense({});
      const draft = await w.addReport(w.rep, 'draft');
      const b = await w.createExpense({ report_id: draft.report_id });
      for (const e of [a, b]) {
        const res = await w.app.inject({
          method: 'DELETE',
          url: `/api/v1/expenses/${e.expense_id}`,
          headers: w.h.rep,
        });
        expect(res.statusCode).toBe(200);
      }
      expect(await w.count('expenses')).toBe(0);
    });

    it('refuses to delete a submitted, approved or rejected expense (EXPENSE_NOT_DELETABLE)', async () => {
      const w = await buildExpenseWorld(dialect);
      for (const status of ['submitted', 'approved', 'rejected'] as const) {
        const e = await w.createExpense({});
        await w.putInReport(e.expense_id, await w.addReport(w.rep, status));
        const res = await w.app.inject({
          method: 'DELETE',
          url: `/api/v1/expenses/${e.expense_id}`,
          headers: w.h.rep,
        });
        expect(res.statusCode, status).toBe(409);
        expect(res.json().code).toBe(4002);
      }
      expect(await w.count('expenses')).toBe(3);
    });

    it('deleting an expense from a recalled report that was submitted before is audited', async () => {
      const w = await buildExpenseWorld(dialect);
      const e = await w.createExpense({});
      await w.putInReport(e.expense_id, await w.addReport(w.rep, 'recalled'));
      const res = await w.app.inject({
        method: 'DELETE',
        url: `/api/v1/expenses/${e.expense_id}`,
        headers: w.h.rep,
      });
      expect(res.statusCode).toBe(200);
      const audit = await w.db
        .selectFrom('audit_log')
        .selectAll()
        .where('entity_id', '=', e.expense_id)
        .execute();
      expect(audit.map((a) => a.action)).toEqual(['deleted']);
    });

    it('another user’s or org’s expense is 404', async () => {
      const w = await buildExpenseWorld(dialect);
      const e = await w.createExpense({});
      for (const headers of [w.h.rep2, w.h.otherAdmin]) {
        const res = await w.app.inject({
          method: 'DELETE',
          url: `/api/v1/expenses/${e.expense_id}`,
          headers,
        });
        expect(res.statusCode).toBe(404);
      }
      expect(await w.count('expenses')).toBe(1);
    });

    it('bulk delete answers one result per expense with the reason for refusals', async () => {
      const w = await buildExpenseWorld(dialect);
      const a = await w.createExpense({});
      const b = await w.createExpense({});
      await w.putInReport(b.expense_id, await w.addReport(w.rep, 'submitted'));
      const theirs = await w.createExpense({}, w.h.rep2);
      const res = await w.app.inject({
        method: 'POST',
        url: '/api/v1/expenses/bulkdelete',
        headers: w.h.rep,
        payload: { expense_ids: [a.expense_id, b.expense_id, theirs.expense_id] },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json().results).toEqual([
        { expense_id: a.expense_id, deleted: true },
        { expense_id: b.expense_id, deleted: false, code: 4002, message: expect.any(String) },
        { expense_id: theirs.expense_id, deleted: false, code: 3001, message: expect.any(String) },
      ]);
      expect(await w.count('expenses')).toBe(2);
    });
  });

  describe('adding to a report in bulk', () => {
    it('adds to an existing draft report, one result per expense', async () => {
      const w = await buildExpenseWorld(dialect);
      const report = await w.addReport(w.rep, 'draft');
      const a = await w.createExpense({});
      const other = await w.addReport(w.rep, 'draft');
      const b = await w.createExpense({ report_id: other.report_id });
      const theirs = await w.createExpense({}, w.h.rep2);
      const res = await w.app.inject({
        method: 'POST',
        url: '/api/v1/expenses/addtoreport',
        headers: w.h.rep,
        payload: {
          expense_ids: [a.expense_id, b.expense_id, theirs.expense_id],
          report_id: report.report_id,
        },
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({
        report_id: report.report_id,
        results: [
          { expense_id: a.expense_id, added: true },
          { expense_id: b.expense_id, added: false, code: 4009 },
          { expense_id: theirs.expense_id, added: false, code: 3001 },
        ],
      });
      const row = await w.db
        .selectFrom('expenses')
        .selectAll()
        .where('expense_id', '=', a.expense_id)
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({ report_id: report.report_id, status: 'unsubmitted' });
    });

    it('creates a new report and adds the expenses to it', async () => {
      const w = await buildExpenseWorld(dialect);
      const a = await w.createExpense({});
      const res = await w.app.inject({
        method: 'POST',
        url: '/api/v1/expenses/addtoreport',
        headers: w.h.rep,
        payload: {
          expense_ids: [a.expense_id],
          new_report: { report_name: 'Acme trip', deal_id: w.acmeDeal },
        },
      });
      expect(res.statusCode, res.body).toBe(200);
      const reportId = res.json().report_id;
      const report = await w.db
        .selectFrom('expense_reports')
        .selectAll()
        .where('report_id', '=', reportId)
        .executeTakeFirstOrThrow();
      expect(report).toMatchObject({ report_name: 'Acme trip', status: 'draft', user_id: w.rep.user_id });
      expect(res.json().results).toEqual([{ expense_id: a.expense_id, added: true }]);
    });

    it('a submitted report refuses the whole request and nothing changes', async () => {
      const w = await buildExpenseWorld(dialect);
      const report = await w.addReport(w.rep, 'submitted');
      const a = await w.createExpense({});
      const res = await w.app.inject({
        method: 'POST',
        url: '/api/v1/expenses/addtoreport',
        headers: w.h.rep,
        payload: { expense_ids: [a.expense_id], report_id: report.report_id },
      });
      expect(res.statusCode).toBe(409);
      const row = await w.db
        .selectFrom('expenses')
        .selectAll()
        .where('expense_id', '=', a.expense_id)
        .executeTakeFirstOrThrow();
      expect(row.report_id).toBeNull();
    });
  });
});

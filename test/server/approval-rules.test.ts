import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/dialects.js';
import { createOrgWithUsers, insertExpense } from '../helpers/fixtures.js';
import { as, buildTestApp } from '../helpers/test-app.js';

const URL = '/api/v1/settings/approvalrules';

describe.each(DIALECTS)('approval rules on %s', (dialect) => {
  async function setup() {
    const t = await buildTestApp(dialect);
    const o = await createOrgWithUsers(t.db);
    return { ...t, o, admin: as(o.admin.email, o.org.org_id), rep: as(o.rep.email, o.org.org_id) };
  }

  it('admins create, list, read, change and delete rules; amounts are decimals in base currency', async () => {
    const s = await setup();
    const created = await s.app.inject({
      method: 'POST',
      url: URL,
      headers: s.admin,
      payload: { level: 2, min_total: 1000.5, approver_type: 'department_head' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const rule = created.json().approval_rule;
    expect(rule).toMatchObject({
      level: 2,
      min_total: 1000.5,
      currency_code: 'USD',
      approver_type: 'department_head',
    });
    const stored = await s.db.selectFrom('approval_rules').selectAll().executeTakeFirstOrThrow();
    expect(Number(stored.min_total)).toBe(100050);

    const list = await s.app.inject({ method: 'GET', url: URL, headers: s.admin });
    expect(list.json().approval_rules).toHaveLength(1);
    const put = await s.app.inject({
      method: 'PUT',
      url: `${URL}/${rule.rule_id}`,
      headers: s.admin,
      payload: { approver_type: 'user', approver_user_id: s.o.director.user_id, min_total: null },
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json().approval_rule).toMatchObject({
      approver_type: 'user',
      approver_user_id: s.o.director.user_id,
      min_total: null,
    });
    expect(
      (await s.app.inject({ method: 'GET', url: `${URL}/${rule.rule_id}`, headers: s.admin })).json()
        .approval_rule.approver_type,
    ).toBe('user');
    expect(
      (await s.app.inject({ method: 'DELETE', url: `${URL}/${rule.rule_id}`, headers: s.admin })).statusCode,
    ).toBe(200);
    expect(
      (await s.app.inject({ method: 'GET', url: `${URL}/${rule.rule_id}`, headers: s.admin })).statusCode,
    ).toBe(404);
  });

  it('non-admins get 403; another organisation gets 404', async () => {
    const s = await setup();
    expect((await s.app.inject({ method: 'GET', url: URL, headers: s.rep })).statusCode).toBe(403);
    const post = await s.app.inject({
      method: 'POST',
      url: URL,
      headers: s.rep,
      payload: { level: 2, approver_type: 'department_head' },
    });
    expect(post.statusCode).toBe(403);
    expect(await s.db.selectFrom('approval_rules').selectAll().execute()).toEqual([]);
    const created = await s.app.inject({
      method: 'POST',
      url: URL,
      headers: s.admin,
      payload: { level: 2, approver_type: 'department_head' },
    });
    const other = await createOrgWithUsers(s.db, { domain: 'other.example' });
    const otherAdmin = as(other.admin.email, other.org.org_id);
    const id = created.json().approval_rule.rule_id;
    expect((await s.app.inject({ method: 'GET', url: `${URL}/${id}`, headers: otherAdmin })).statusCode).toBe(
      404,
    );
    expect(
      (await s.app.inject({ method: 'DELETE', url: `${URL}/${id}`, headers: otherAdmin })).statusCode,
    ).toBe(404);
  });

  it('refuses bad rules with a clear 400 and stores nothing', async () => {
    const s = await setup();
    const cases: Array<[object, number]> = [
      [{ level: 2, approver_type: 'user' }, 1000],
      [{ level: 2, approver_type: 'user', approver_user_id: s.o.rep.user_id }, 6201],
      [{ level: 2, approver_type: 'user', approver_user_id: '999' }, 6201],
      [{ level: 2, approver_type: 'department_head', approver_user_id: s.o.director.user_id }, 1000],
      [{ level: 1, approver_type: 'department_head' }, 1000],
      [{ level: 2, approver_type: 'boss' }, 1000],
      [{ level: 2, approver_type: 'department_head', min_total: -1 }, 1000],
      [{ level: 2, approver_type: 'department_head', min_total: 1.005 }, 1002],
      [{ level: 2, approver_type: 'department_head', min_total: '5' }, 1000],
    ];
    for (const [payload, code] of cases) {
      const res = await s.app.inject({ method: 'POST', url: URL, headers: s.admin, payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().code, JSON.stringify(payload)).toBe(code);
    }
    expect(await s.db.selectFrom('approval_rules').selectAll().execute()).toEqual([]);
  });

  it('a rule "above 1,000.00 then a named user" adds a level only to reports above the amount', async () => {
    const s = await setup();
    await s.app.inject({
      method: 'POST',
      url: URL,
      headers: s.admin,
      payload: { level: 2, min_total: 1000, approver_type: 'user', approver_user_id: s.o.admin.user_id },
    });
    async function flowFor(amount: number) {
      const e = await insertExpense(s.db, {
        org_id: s.o.org.org_id,
        user_id: s.o.rep.user_id,
        category_id: s.o.categoryId,
        amount,
      });
      const r = await s.app.inject({
        method: 'POST',
        url: '/api/v1/expensereports',
        headers: s.rep,
        payload: { report_name: 'R', expense_ids: [e.expense_id] },
      });
      const sub = await s.app.inject({
        method: 'POST',
        url: `/api/v1/expensereports/${r.json().expense_report.report_id}/submit`,
        headers: s.rep,
        payload: {},
      });
      return sub.json().expense_report.approval_flow.map((x: any) => x.approver_id);
    }
    expect(await flowFor(100000)).toEqual([s.o.manager.user_id]);
    expect(await flowFor(100001)).toEqual([s.o.manager.user_id, s.o.admin.user_id]);
  });

  it('in a two-level flow only the approver the report waits for may edit its expenses', async () => {
    const s = await setup();
    await s.app.inject({
      method: 'POST',
      url: URL,
      headers: s.admin,
      payload: { level: 2, min_total: 1000, approver_type: 'user', approver_user_id: s.o.director.user_id },
    });
    const e = await insertExpense(s.db, {
      org_id: s.o.org.org_id,
      user_id: s.o.rep.user_id,
      category_id: s.o.categoryId,
      amount: 250000,
    });
    const r = await s.app.inject({
      method: 'POST',
      url: '/api/v1/expensereports',
      headers: s.rep,
      payload: { report_name: 'Offsite', expense_ids: [e.expense_id] },
    });
    const reportId = r.json().expense_report.report_id;
    await s.app.inject({
      method: 'POST',
      url: `/api/v1/expensereports/${reportId}/submit`,
      headers: s.rep,
      payload: {},
    });
    const manager = as(s.o.manager.email, s.o.org.org_id);
    const director = as(s.o.director.email, s.o.org.org_id);
    const edit = (headers: Record<string, string>, description: string) =>
      s.app.inject({
        method: 'PUT',
        url: `/api/v1/expenses/${e.expense_id}`,
        headers,
        payload: { description },
      });

    // Level 1 (the manager) may correct an expense while the report waits for them.
    expect((await edit(manager, 'fixed by the manager')).statusCode).toBe(200);
    const approved = await s.app.inject({
      method: 'POST',
      url: `/api/v1/expensereports/${reportId}/approve`,
      headers: manager,
      payload: {},
    });
    expect(approved.json().expense_report).toMatchObject({
      status: 'submitted',
      approver_id: s.o.director.user_id,
    });

    // Now it waits for level 2: the manager still sees the expense but may no longer change it.
    const late = await edit(manager, 'changed after approving');
    expect(late.statusCode, late.body).toBe(409);
    expect(late.json().message).toMatch(/locked|cannot be changed/i);
    const seen = await s.app.inject({
      method: 'GET',
      url: `/api/v1/expenses/${e.expense_id}`,
      headers: manager,
    });
    expect(seen.statusCode).toBe(200);
    expect(seen.json().expense.description).toBe('fixed by the manager');
    expect((await edit(director, 'fixed by the director')).statusCode).toBe(200);
  });
});

import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/dialects.js';
import { createOrgWithUsers, insertExpense, insertUser } from '../helpers/fixtures.js';
import { as, buildTestApp } from '../helpers/test-app.js';

describe.each(DIALECTS)('approvals on %s', (dialect) => {
  async function setup() {
    const t = await buildTestApp(dialect);
    const o = await createOrgWithUsers(t.db);
    const rep = as(o.rep.email, o.org.org_id);
    const manager = as(o.manager.email, o.org.org_id);
    const admin = as(o.admin.email, o.org.org_id);
    /** Creates and submits a report of `user` (default the rep); returns its id. */
    async function submitted(name: string, who = o.rep, body: object = {}) {
      const e = await insertExpense(t.db, {
        org_id: o.org.org_id,
        user_id: who.user_id,
        category_id: o.categoryId,
      });
      const headers = as(who.email, o.org.org_id);
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/v1/expensereports',
        headers,
        payload: { report_name: name, expense_ids: [e.expense_id] },
      });
      const id: string = created.json().expense_report.report_id;
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/expensereports/${id}/submit`,
        headers,
        payload: body,
      });
      expect(res.statusCode, res.body).toBe(200);
      return id;
    }
    const inbox = async (headers: Record<string, string>, qs = '') => {
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/approvals${qs}`, headers });
      return res;
    };
    return { ...t, o, rep, manager, admin, submitted, inbox };
  }

  it('lists the reports waiting for me, oldest submission first', async () => {
    const s = await setup();
    const first = await s.submitted('First');
    const second = await s.submitted('Second');
    await s.db
      .updateTable('expense_reports')
      .set({ submitted_date: '2026-01-01' })
      .where('report_id', '=', second)
      .execute();
    const res = await s.inbox(s.manager);
    expect(res.statusCode).toBe(200);
    expect(res.json().expense_reports.map((r: any) => r.report_id)).toEqual([second, first]);
    expect((await s.inbox(s.rep)).json().expense_reports).toEqual([]);
    const paged = await s.inbox(s.manager, '?per_page=1');
    expect(paged.json().expense_reports).toHaveLength(1);
    expect(paged.json().page_context.has_more_page).toBe(true);
  });

  it('an approved, rejected or recalled report leaves the inbox; a forwarded one moves to the next approver', async () => {
    const s = await setup();
    await s.db
      .insertInto('approval_rules')
      .values({
        rule_id: 'r2',
        org_id: s.o.org.org_id,
        level: 2,
        min_total: 5000,
        approver_type: 'department_head',
        approver_user_id: null,
        created_time: new Date().toISOString(),
      })
      .execute();
    const id = await s.submitted('Big');
    await s.app.inject({
      method: 'POST',
      url: `/api/v1/expensereports/${id}/approve`,
      headers: s.manager,
      payload: {},
    });
    expect((await s.inbox(s.manager)).json().expense_reports).toEqual([]);
    const director = as(s.o.director.email, s.o.org.org_id);
    expect((await s.inbox(director)).json().expense_reports.map((r: any) => r.report_id)).toEqual([id]);
    await s.app.inject({
      method: 'POST',
      url: `/api/v1/expensereports/${id}/reject`,
      headers: director,
      payload: { reason: 'Too much' },
    });
    expect((await s.inbox(director)).json().expense_reports).toEqual([]);
  });

  it('admins see every waiting report with view=all; others get 403 for it', async () => {
    const s = await setup();
    const a = await s.submitted('A');
    const other = await insertUser(s.db, s.o.org.org_id, {
      email: 'rep2@zylker.example',
      manager_id: s.o.director.user_id,
    });
    const b = await s.submitted('B', other);
    const all = await s.inbox(s.admin, '?view=all');
    expect(
      all
        .json()
        .expense_reports.map((r: any) => r.report_id)
        .sort(),
    ).toEqual([a, b].sort());
    expect((await s.inbox(s.admin)).json().expense_reports).toEqual([]);
    expect((await s.inbox(s.manager, '?view=all')).statusCode).toBe(403);
    expect((await s.inbox(s.manager, '?view=bogus')).statusCode).toBe(400);
  });

  it("another organisation's waiting reports never appear", async () => {
    const s = await setup();
    await s.submitted('Mine');
    const other = await createOrgWithUsers(s.db, { domain: 'other.example' });
    const res = await s.inbox(as(other.admin.email, other.org.org_id), '?view=all');
    expect(res.json().expense_reports).toEqual([]);
  });

  it('two approvals sent at the same time apply once: one succeeds, the other gets 409', async () => {
    const s = await setup();
    const id = await s.submitted('Race');
    const url = `/api/v1/expensereports/${id}/approve`;
    const results = await Promise.all([
      s.app.inject({ method: 'POST', url, headers: s.manager, payload: {} }),
      s.app.inject({ method: 'POST', url, headers: s.admin, payload: {} }),
      s.app.inject({ method: 'POST', url, headers: s.manager, payload: {} }),
    ]);
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes).toEqual([200, 409, 409]);
    const history = await s.db
      .selectFrom('approval_history')
      .select('action')
      .where('report_id', '=', id)
      .where('action', '=', 'approved')
      .execute();
    expect(history).toHaveLength(1);
    const audit = await s.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', id)
      .where('action', '=', 'approved')
      .execute();
    expect(audit).toHaveLength(1);
  });

  it('concurrent approvals at level 1 of a two-level flow forward once, never skipping level 2', async () => {
    const s = await setup();
    await s.db
      .insertInto('approval_rules')
      .values({
        rule_id: 'r2',
        org_id: s.o.org.org_id,
        level: 2,
        min_total: null,
        approver_type: 'department_head',
        approver_user_id: null,
        created_time: new Date().toISOString(),
      })
      .execute();
    const id = await s.submitted('Two levels');
    const url = `/api/v1/expensereports/${id}/approve`;
    const results = await Promise.all([
      s.app.inject({ method: 'POST', url, headers: s.manager, payload: {} }),
      s.app.inject({ method: 'POST', url, headers: s.manager, payload: {} }),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 403]);
    const report = await s.db
      .selectFrom('expense_reports')
      .selectAll()
      .where('report_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(report).toMatchObject({
      status: 'submitted',
      approval_level: 2,
      approver_id: s.o.director.user_id,
    });
  });
});

import { describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../server/modules/audit/service.js';
import { DIALECTS } from '../helpers/dialects.js';
import { createOrgWithUsers, insertContact, insertDeal, insertExpense } from '../helpers/fixtures.js';
import { as, buildTestApp } from '../helpers/test-app.js';

const R = '/api/v1/expensereports';

async function setup(dialect: (typeof DIALECTS)[number]) {
  const t = await buildTestApp(dialect);
  const o = await createOrgWithUsers(t.db);
  const h = {
    admin: as(o.admin.email, o.org.org_id),
    director: as(o.director.email, o.org.org_id),
    manager: as(o.manager.email, o.org.org_id),
    rep: as(o.rep.email, o.org.org_id),
  };
  const expense = (fields: Parameters<typeof insertExpense>[1] extends infer F ? Partial<F> : never = {}) =>
    insertExpense(t.db, {
      org_id: o.org.org_id,
      user_id: o.rep.user_id,
      category_id: o.categoryId,
      ...fields,
    });
  async function report(body: Record<string, unknown> = {}, headers = h.rep) {
    const res = await t.app.inject({
      method: 'POST',
      url: R,
      headers,
      payload: { report_name: 'Trip', ...body },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().expense_report as Record<string, any>;
  }
  function act(id: string, action: string, headers: Record<string, string>, payload: object = {}) {
    return t.app.inject({ method: 'POST', url: `${R}/${id}/${action}`, headers, payload });
  }
  function get(id: string, headers: Record<string, string> = h.rep) {
    return t.app.inject({ method: 'GET', url: `${R}/${id}`, headers });
  }
  async function expenseStatus(id: string) {
    const row = await t.db
      .selectFrom('expenses')
      .select('status')
      .where('expense_id', '=', id)
      .executeTakeFirstOrThrow();
    return row.status;
  }
  return { ...t, o, h, expense, report, act, get, expenseStatus };
}

describe.each(DIALECTS)('expense reports on %s', (dialect) => {
  it('whole life cycle: create, submit to the manager by default, manager approves, admin reimburses', async () => {
    const s = await setup(dialect);
    const dealId = await insertDeal(s.db, s.o.org.org_id, { deal_name: 'Zylker renewal' });
    const e1 = await s.expense({ amount: 12550, deal_id: dealId });
    const e2 = await s.expense({ amount: 2000, is_reimbursable: 0 });
    const created = await s.report({
      report_name: 'Client visit',
      description: 'Renewal meeting',
      start_date: '2026-11-01',
      end_date: '2026-11-03',
      deal_id: dealId,
      expense_ids: [e1.expense_id, e2.expense_id],
    });
    expect(created).toMatchObject({
      status: 'draft',
      report_number: 'ER-00001',
      deal_name: 'Zylker renewal',
      currency_code: 'USD',
      total: 145.5,
      reimbursable_total: 125.5,
      non_reimbursable_total: 20,
      expense_count: 2,
    });
    expect(await s.expenseStatus(e1.expense_id)).toBe('unsubmitted');

    const submitted = await s.act(created.report_id, 'submit', s.h.rep);
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect(submitted.json().expense_report).toMatchObject({
      status: 'submitted',
      approver_id: s.o.manager.user_id,
      approver_name: 'Manager',
      submitted_date: expect.stringMatching(/^\d{4}-\d\d-\d\d$/),
    });
    expect(await s.expenseStatus(e1.expense_id)).toBe('submitted');

    const inbox = await s.app.inject({ method: 'GET', url: '/api/v1/approvals', headers: s.h.manager });
    expect(inbox.json().expense_reports.map((r: any) => r.report_id)).toEqual([created.report_id]);

    const approved = await s.act(created.report_id, 'approve', s.h.manager);
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json().expense_report.status).toBe('approved');
    expect(await s.expenseStatus(e2.expense_id)).toBe('approved');

    const reimbursed = await s.act(created.report_id, 'reimburse', s.h.admin, {
      reimbursement_date: '2026-11-20',
      reference: 'TRX-1',
    });
    expect(reimbursed.statusCode, reimbursed.body).toBe(200);
    expect(reimbursed.json().expense_report).toMatchObject({
      status: 'reimbursed',
      reimbursement_date: '2026-11-20',
    });
    expect(await s.expenseStatus(e1.expense_id)).toBe('reimbursed');

    const history = await s.app.inject({
      method: 'GET',
      url: `${R}/${created.report_id}/approvalhistory`,
      headers: s.h.rep,
    });
    expect(history.json().approval_history.map((x: any) => x.action)).toEqual([
      'submitted',
      'approved',
      'reimbursed',
    ]);

    const audit = await s.app.inject({
      method: 'GET',
      url: `${R}/${created.report_id}/auditlog`,
      headers: s.h.rep,
    });
    expect(audit.statusCode).toBe(200);
    const entries = audit.json().audit_log;
    expect(entries.map((x: any) => x.action)).toEqual(['submitted', 'approved', 'reimbursed']);
    expect(entries[1].changes.status).toEqual(['submitted', 'approved']);
    expect(entries[1].actor_id).toBe(s.o.manager.user_id);
    expect(await verifyAuditChain(s.db, s.o.org.org_id)).toEqual({ ok: true });
  });

  it('out-of-order actions answer 409 ILLEGAL_TRANSITION and change nothing', async () => {
    const s = await setup(dialect);
    const e = await s.expense();
    const r = await s.report({ expense_ids: [e.expense_id] });
    for (const [action, who] of [
      ['approve', s.h.admin],
      ['reimburse', s.h.admin],
      ['recall', s.h.rep],
      ['reject', s.h.admin],
    ] as const) {
      const res = await s.act(r.report_id, action, who, action === 'reject' ? { reason: 'no' } : {});
      expect(res.statusCode, action).toBe(409);
      expect(res.json().code).toBe(4007);
    }
    const after = await s.get(r.report_id);
    expect(after.json().expense_report).toMatchObject({
      status: 'draft',
      last_modified_time: r.last_modified_time,
    });
    await s.act(r.report_id, 'submit', s.h.rep);
    expect((await s.act(r.report_id, 'submit', s.h.rep)).statusCode).toBe(409);
    expect((await s.act(r.report_id, 'reimburse', s.h.admin)).statusCode).toBe(409);
    expect(await s.expenseStatus(e.expense_id)).toBe('submitted');
  });

  it('the rep approving their own report gets 403 SELF_APPROVAL; an admin cannot approve their own either', async () => {
    const s = await setup(dialect);
    const e = await s.expense();
    const r = await s.report({ expense_ids: [e.expense_id] });
    await s.act(r.report_id, 'submit', s.h.rep);
    const res = await s.act(r.report_id, 'approve', s.h.rep);
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe(2007);
    expect((await s.get(r.report_id)).json().expense_report.status).toBe('submitted');

    const ae = await s.expense({ user_id: s.o.admin.user_id });
    const ar = await s.report({ expense_ids: [ae.expense_id] }, s.h.admin);
    const sub = await s.act(ar.report_id, 'submit', s.h.admin, { approver_id: s.o.director.user_id });
    expect(sub.statusCode, sub.body).toBe(200);
    expect((await s.act(ar.report_id, 'approve', s.h.admin)).statusCode).toBe(403);
  });

  it('an approver who is not the current approver gets 404 (cannot see it) and an admin may approve for them', async () => {
    const s = await setup(dialect);
    const e = await s.expense();
    const r = await s.report({ expense_ids: [e.expense_id] });
    await s.act(r.report_id, 'submit', s.h.rep);
    expect((await s.act(r.report_id, 'approve', s.h.director)).statusCode).toBe(404);
    const res = await s.act(r.report_id, 'approve', s.h.admin);
    expect(res.statusCode).toBe(200);
    expect(res.json().expense_report.status).toBe('approved');
  });

  it('an approver lowered to submitter after the report reached them gets 403 and the report stays waiting', async () => {
    const s = await setup(dialect);
    const e = await s.expense();
    const r = await s.report({ expense_ids: [e.expense_id] });
    await s.act(r.report_id, 'submit', s.h.rep);
    await s.db
      .updateTable('users')
      .set({ user_role: 'submitter' })
      .where('user_id', '=', s.o.manager.user_id)
      .execute();
    for (const [action, body] of [
      ['approve', {}],
      ['reject', { reason: 'no' }],
    ] as const) {
      const res = await s.act(r.report_id, action, s.h.manager, body);
      expect(res.statusCode, res.body).toBe(403);
      expect(res.json().code).toBe(2003);
    }
    const after = (await s.get(r.report_id)).json().expense_report;
    expect(after).toMatchObject({ status: 'submitted', approver_id: s.o.manager.user_id, approval_level: 1 });
    expect(await s.expenseStatus(e.expense_id)).toBe('submitted');
    expect((await s.act(r.report_id, 'approve', s.h.admin)).statusCode).toBe(200);
  });

  it("another organisation's report is 404 for every route", async () => {
    const s = await setup(dialect);
    const other = await createOrgWithUsers(s.db, { domain: 'other.example', name: 'Other' });
    const e = await s.expense();
    const r = await s.report({ expense_ids: [e.expense_id] });
    const otherAdmin = as(other.admin.email, other.org.org_id);
    expect((await s.get(r.report_id, otherAdmin)).statusCode).toBe(404);
    expect((await s.act(r.report_id, 'submit', otherAdmin)).statusCode).toBe(404);
    const put = await s.app.inject({
      method: 'PUT',
      url: `${R}/${r.report_id}`,
      headers: otherAdmin,
      payload: { report_name: 'x' },
    });
    expect(put.statusCode).toBe(404);
    const del = await s.app.inject({ method: 'DELETE', url: `${R}/${r.report_id}`, headers: otherAdmin });
    expect(del.statusCode).toBe(404);
    const list = await s.app.inject({ method: 'GET', url: R, headers: otherAdmin });
    expect(list.json().expense_reports).toEqual([]);
    // Another org's expense cannot be added to one's own report either.
    const mine = await s.report();
    const add = await s.app.inject({
      method: 'POST',
      url: `${R}/${mine.report_id}/expenses`,
      headers: s.h.rep,
      payload: {
        expense_ids: [
          (
            await insertExpense(s.db, {
              org_id: other.org.org_id,
              user_id: other.rep.user_id,
              category_id: other.categoryId,
            })
          ).expense_id,
        ],
      },
    });
    expect(add.statusCode).toBe(404);
  });

  it("a colleague cannot see or change the rep's report (404), the manager cannot see a draft", async () => {
    const s = await setup(dialect);
    const r = await s.report();
    expect((await s.get(r.report_id, s.h.manager)).statusCode).toBe(404);
    expect((await s.get(r.report_id, s.h.admin)).statusCode).toBe(200);
  });

  it("someone who can read another's report but may not change it gets 403; one who cannot read it still gets 404", async () => {
    const s = await setup(dialect);
    const e = await s.expense();
    const r = await s.report({ expense_ids: [e.expense_id] });
    const adminsOwn = await insertExpense(s.db, {
      org_id: s.o.org.org_id,
      user_id: s.o.admin.user_id,
      category_id: s.o.categoryId,
    });
    const tables = ['expense_reports', 'expenses', 'approval_history', 'audit_log'] as const;
    const snapshot = () => Promise.all(tables.map((t) => s.db.selectFrom(t).selectAll().execute()));
    // Every way of changing the report, tried one after the other.
    const changes = async (headers: Record<string, string>) => {
      const tries = [
        () =>
          s.app.inject({
            method: 'PUT',
            url: `${R}/${r.report_id}`,
            headers,
            payload: { report_name: 'Mine' },
          }),
        () => s.app.inject({ method: 'DELETE', url: `${R}/${r.report_id}`, headers }),
        () =>
          s.app.inject({
            method: 'POST',
            url: `${R}/${r.report_id}/expenses`,
            headers,
            payload: { expense_ids: [adminsOwn.expense_id] },
          }),
        () =>
          s.app.inject({ method: 'DELETE', url: `${R}/${r.report_id}/expenses/${e.expense_id}`, headers }),
        () => s.act(r.report_id, 'submit', headers),
        () =>
          s.app.inject({
            method: 'POST',
            url: '/api/v1/expenses',
            headers,
            payload: {
              date: '2026-11-02',
              category_id: s.o.categoryId,
              amount: 10,
              currency_code: 'USD',
              report_id: r.report_id,
            },
          }),
      ];
      const answers = [];
      for (const t of tries) answers.push(await t());
      return answers;
    };

    const before = await snapshot();
    expect((await s.get(r.report_id, s.h.admin)).statusCode).toBe(200);
    const admin = await changes(s.h.admin);
    expect(admin.map((res) => [res.statusCode, res.json().code])).toEqual(Array(6).fill([403, 2003]));
    expect(admin[0]!.json().message).toBe('Only the person who created the report can do this.');
    // The manager cannot see the rep's draft at all: as before, it does not exist for them.
    const manager = await changes(s.h.manager);
    expect(manager.map((res) => [res.statusCode, res.json().code])).toEqual(Array(6).fill([404, 3002]));
    expect(await snapshot()).toEqual(before);

    // Once submitted, the manager (its approver) and the admin can read it; neither may recall or edit it.
    expect((await s.act(r.report_id, 'submit', s.h.rep)).statusCode).toBe(200);
    const submitted = await snapshot();
    for (const headers of [s.h.admin, s.h.manager]) {
      expect((await s.get(r.report_id, headers)).statusCode).toBe(200);
      const recall = await s.act(r.report_id, 'recall', headers);
      expect([recall.statusCode, recall.json().code]).toEqual([403, 2003]);
      const put = await s.app.inject({
        method: 'PUT',
        url: `${R}/${r.report_id}`,
        headers,
        payload: { report_name: 'x' },
      });
      expect([put.statusCode, put.json().code]).toEqual([403, 2003]);
    }
    expect(await snapshot()).toEqual(submitted);
  });

  it('submitting an empty report is 409 REPORT_EMPTY; without a manager or chosen approver it is 409 NO_APPROVER', async () => {
    const s = await setup(dialect);
    const r = await s.report();
    const empty = await s.act(r.report_id, 'submit', s.h.rep);
    expect(empty.statusCode).toBe(409);
    expect(empty.json().code).toBe(4005);
    await s.db
      .updateTable('users')
      .set({ manager_id: null })
      .where('user_id', '=', s.o.rep.user_id)
      .execute();
    const e = await s.expense();
    await s.app.inject({
      method: 'POST',
      url: `${R}/${r.report_id}/expenses`,
      headers: s.h.rep,
      payload: { expense_ids: [e.expense_id] },
    });
    const none = await s.act(r.report_id, 'submit', s.h.rep);
    expect(none.statusCode).toBe(409);
    expect(none.json().code).toBe(4008);
    expect((await s.get(r.report_id)).json().expense_report.status).toBe('draft');
  });

  it('a chosen approver must be an active approver or admin other than the submitter', async () => {
    const s = await setup(dialect);
    const e = await s.expense();
    const r = await s.report({ expense_ids: [e.expense_id] });
    for (const approver of [s.o.rep.user_id, '123456', s.o.rep.user_id]) {
      const res = await s.act(r.report_id, 'submit', s.h.rep, { approver_id: approver });
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe(6201);
    }
    await s.db
      .updateTable('users')
      .set({ status: 'inactive' })
      .where('user_id', '=', s.o.director.user_id)
      .execute();
    expect(
      (await s.act(r.report_id, 'submit', s.h.rep, { approver_id: s.o.director.user_id })).statusCode,
    ).toBe(400);
    const ok = await s.act(r.report_id, 'submit', s.h.rep, { approver_id: s.o.admin.user_id });
    expect(ok.json().expense_report.approver_id).toBe(s.o.admin.user_id);
  });

  it('reject needs a reason; a rejected report can be edited and resubmitted, or approved later', async () => {
    const s = await setup(dialect);
    const e = await s.expense();
    const r = await s.report({ expense_ids: [e.expense_id] });
    await s.act(r.report_id, 'submit', s.h.rep);
    const noReason = await s.act(r.report_id, 'reject', s.h.manager, { reason: '  ' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().code).toBe(1011);
    const rejected = await s.act(r.report_id, 'reject', s.h.manager, { reason: 'Missing receipt' });
    expect(rejected.json().expense_report.status).toBe('rejected');
    expect(await s.expenseStatus(e.expense_id)).toBe('rejected');

    // The manager approves the rejected report later.
    const later = await s.act(r.report_id, 'approve', s.h.manager);
    expect(later.json().expense_report.status).toBe('approved');
    // An admin can reject an approved report; the rep edits and resubmits.
    expect((await s.act(r.report_id, 'reject', s.h.manager, { reason: 'x' })).statusCode).toBe(403);
    expect((await s.act(r.report_id, 'reject', s.h.admin, { comments: 'Wrong project' })).statusCode).toBe(
      200,
    );
    const fresh = (await s.get(r.report_id)).json().expense_report;
    const put = await s.app.inject({
      method: 'PUT',
      url: `${R}/${r.report_id}`,
      headers: s.h.rep,
      payload: { description: 'Fixed', last_modified_time: fresh.last_modified_time },
    });
    expect(put.statusCode, put.body).toBe(200);
    expect((await s.act(r.report_id, 'submit', s.h.rep)).json().expense_report.status).toBe('submitted');
    const history = await s.app.inject({
      method: 'GET',
      url: `${R}/${r.report_id}/approvalhistory`,
      headers: s.h.manager,
    });
    expect(history.json().approval_history.map((x: any) => x.action)).toEqual([
      'submitted',
      'rejected',
      'approved',
      'rejected',
      'submitted',
    ]);
    const audit = await s.app.inject({
      method: 'GET',
      url: `${R}/${r.report_id}/auditlog`,
      headers: s.h.manager,
    });
    const update = audit.json().audit_log.find((x: any) => x.action === 'updated');
    expect(update.changes).toEqual({ description: ['', 'Fixed'] });
  });

  it('recall works only for the submitter and only before any approver acted', async () => {
    const s = await setup(dialect);
    await s.db
      .insertInto('approval_rules')
      .values({
        rule_id: 'rule1',
        org_id: s.o.org.org_id,
        level: 2,
        min_total: null,
        approver_type: 'department_head',
        approver_user_id: null,
        created_time: new Date().toISOString(),
      })
      .execute();
    const e = await s.expense();
    const r = await s.report({ expense_ids: [e.expense_id] });
    await s.act(r.report_id, 'submit', s.h.rep);
    expect((await s.act(r.report_id, 'recall', s.h.manager)).statusCode).toBe(403);
    const recalled = await s.act(r.report_id, 'recall', s.h.rep);
    expect(recalled.json().expense_report).toMatchObject({ status: 'recalled', approver_id: null });
    expect(await s.expenseStatus(e.expense_id)).toBe('unsubmitted');
    await s.act(r.report_id, 'submit', s.h.rep);
    const forwarded = await s.act(r.report_id, 'approve', s.h.manager);
    expect(forwarded.json().expense_report).toMatchObject({
      status: 'submitted',
      approver_id: s.o.director.user_id,
      approval_level: 2,
    });
    expect((await s.act(r.report_id, 'recall', s.h.rep)).statusCode).toBe(409);
    // The level-1 approver has acted and may no longer approve; the level-2 approver finishes.
    expect((await s.act(r.report_id, 'approve', s.h.manager)).statusCode).toBe(403);
    expect((await s.act(r.report_id, 'approve', s.h.director)).json().expense_report.status).toBe('approved');
    // Past approvers still see the report.
    expect((await s.get(r.report_id, s.h.manager)).statusCode).toBe(200);
  });

  it('reimburse is for admins only', async () => {
    const s = await setup(dialect);
    const e = await s.expense();
    const r = await s.report({ expense_ids: [e.expense_id] });
    await s.act(r.report_id, 'submit', s.h.rep);
    await s.act(r.report_id, 'approve', s.h.manager);
    const res = await s.act(r.report_id, 'reimburse', s.h.manager);
    expect(res.statusCode).toBe(403);
    expect((await s.get(r.report_id)).json().expense_report.status).toBe('approved');
  });

  it('updates refuse a stale last_modified_time or If-Match with 409 and change nothing', async () => {
    const s = await setup(dialect);
    const r = await s.report({ report_name: 'Before' });
    const stale = '2000-01-01T00:00:00.000Z';
    const body = await s.app.inject({
      method: 'PUT',
      url: `${R}/${r.report_id}`,
      headers: s.h.rep,
      payload: { report_name: 'After', last_modified_time: stale },
    });
    expect(body.statusCode).toBe(409);
    expect(body.json().code).toBe(4001);
    const header = await s.app.inject({
      method: 'PUT',
      url: `${R}/${r.report_id}`,
      headers: { ...s.h.rep, 'if-match': `"${stale}"` },
      payload: { report_name: 'After' },
    });
    expect(header.statusCode).toBe(409);
    expect((await s.get(r.report_id)).json().expense_report.report_name).toBe('Before');
    const good = await s.app.inject({
      method: 'PUT',
      url: `${R}/${r.report_id}`,
      headers: { ...s.h.rep, 'if-match': `"${r.last_modified_time}"` },
      payload: { report_name: 'After' },
    });
    expect(good.json().expense_report.report_name).toBe('After');
  });

  it('a submitted report cannot be edited, have expenses added or removed, or be deleted', async () => {
    const s = await setup(dialect);
    const e = await s.expense();
    const e2 = await s.expense();
    const r = await s.report({ expense_ids: [e.expense_id] });
    await s.act(r.report_id, 'submit', s.h.rep);
    const put = await s.app.inject({
      method: 'PUT',
      url: `${R}/${r.report_id}`,
      headers: s.h.rep,
      payload: { report_name: 'x' },
    });
    expect(put.statusCode).toBe(409);
    const add = await s.app.inject({
      method: 'POST',
      url: `${R}/${r.report_id}/expenses`,
      headers: s.h.rep,
      payload: { expense_ids: [e2.expense_id] },
    });
    expect(add.statusCode).toBe(409);
    const rm = await s.app.inject({
      method: 'DELETE',
      url: `${R}/${r.report_id}/expenses/${e.expense_id}`,
      headers: s.h.rep,
    });
    expect(rm.statusCode).toBe(409);
    const del = await s.app.inject({ method: 'DELETE', url: `${R}/${r.report_id}`, headers: s.h.rep });
    expect(del.statusCode).toBe(409);
    expect(del.json().code).toBe(4006);
    expect(await s.expenseStatus(e2.expense_id)).toBe('unreported');
  });

  it('deleting a draft report returns its expenses to unreported', async () => {
    const s = await setup(dialect);
    const e = await s.expense();
    const r = await s.report({ expense_ids: [e.expense_id] });
    const del = await s.app.inject({ method: 'DELETE', url: `${R}/${r.report_id}`, headers: s.h.rep });
    expect(del.statusCode).toBe(200);
    expect((await s.get(r.report_id)).statusCode).toBe(404);
    const row = await s.db
      .selectFrom('expenses')
      .selectAll()
      .where('expense_id', '=', e.expense_id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'unreported', report_id: null });
  });

  it('adding and removing expenses: only own expenses, not in another report', async () => {
    const s = await setup(dialect);
    const e = await s.expense();
    const mgrExpense = await insertExpense(s.db, {
      org_id: s.o.org.org_id,
      user_id: s.o.manager.user_id,
      category_id: s.o.categoryId,
    });
    const a = await s.report({ expense_ids: [e.expense_id] });
    const b = await s.report();
    const taken = await s.app.inject({
      method: 'POST',
      url: `${R}/${b.report_id}/expenses`,
      headers: s.h.rep,
      payload: { expense_ids: [e.expense_id] },
    });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().code).toBe(4009);
    const foreign = await s.app.inject({
      method: 'POST',
      url: `${R}/${b.report_id}/expenses`,
      headers: s.h.rep,
      payload: { expense_ids: [mgrExpense.expense_id] },
    });
    expect(foreign.statusCode).toBe(404);
    const again = await s.app.inject({
      method: 'POST',
      url: `${R}/${a.report_id}/expenses`,
      headers: s.h.rep,
      payload: { expense_ids: [e.expense_id] },
    });
    expect(again.statusCode).toBe(200);
    const notIn = await s.app.inject({
      method: 'DELETE',
      url: `${R}/${b.report_id}/expenses/${e.expense_id}`,
      headers: s.h.rep,
    });
    expect(notIn.statusCode).toBe(404);
    const rm = await s.app.inject({
      method: 'DELETE',
      url: `${R}/${a.report_id}/expenses/${e.expense_id}`,
      headers: s.h.rep,
    });
    expect(rm.statusCode).toBe(200);
    expect(rm.json().expense_report.expense_count).toBe(0);
    expect(await s.expenseStatus(e.expense_id)).toBe('unreported');
  });

  it('validates input: end before start, unknown customer or deal, unknown fields, wrong types', async () => {
    const s = await setup(dialect);
    const cases: Array<[Record<string, unknown>, number]> = [
      [{ report_name: 'x', start_date: '2026-02-02', end_date: '2026-02-01' }, 6200],
      [{ report_name: 'x', customer_id: '999' }, 1006],
      [{ report_name: 'x', deal_id: '999' }, 1006],
      [{ report_name: 'x', colour: 'red' }, 1000],
      [{ report_name: 12 }, 1000],
      [{ report_name: '' }, 1000],
      [{ report_name: '   ' }, 1000],
      [{ report_name: 'x', start_date: '2026-13-45' }, 1000],
    ];
    for (const [payload, code] of cases) {
      const res = await s.app.inject({ method: 'POST', url: R, headers: s.h.rep, payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().code, JSON.stringify(payload)).toBe(code);
    }
    const count = await s.db
      .selectFrom('expense_reports')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  it('lists with filters: status and filter_by, customer with related contacts, deal, user (admins), paging', async () => {
    const s = await setup(dialect);
    const account = await insertContact(s.db, s.o.org.org_id, { contact_name: 'Acme' });
    const person = await insertContact(s.db, s.o.org.org_id, {
      contact_name: 'Jo Acme',
      customer_sub_type: 'individual',
      account_id: account,
    });
    const dealId = await insertDeal(s.db, s.o.org.org_id);
    const a = await s.report({
      report_name: 'A',
      customer_id: account,
      start_date: '2026-01-01',
      end_date: '2026-01-05',
    });
    const b = await s.report({
      report_name: 'B',
      customer_id: person,
      deal_id: dealId,
      start_date: '2026-03-01',
    });
    const e = await s.expense();
    const c = await s.report({ report_name: 'C', expense_ids: [e.expense_id] });
    await s.act(c.report_id, 'submit', s.h.rep);
    await s.report({ report_name: 'M' }, s.h.manager);

    const names = async (qs: string, headers = s.h.rep) => {
      const res = await s.app.inject({ method: 'GET', url: `${R}?${qs}`, headers });
      expect(res.statusCode, res.body).toBe(200);
      return res
        .json()
        .expense_reports.map((r: any) => r.report_name)
        .sort();
    };
    expect(await names('')).toEqual(['A', 'B', 'C']);
    expect(await names('status=submitted')).toEqual(['C']);
    expect(await names('filter_by=Status.Draft')).toEqual(['A', 'B']);
    expect(await names(`customer_id=${account}`)).toEqual(['A']);
    expect(await names(`customer_id=${account}&include_related=true`)).toEqual(['A', 'B']);
    expect(await names(`deal_id=${dealId}`)).toEqual(['B']);
    expect(await names('date_start=2026-01-04&date_end=2026-02-01')).toEqual(['A']);
    expect(await names('', s.h.admin)).toEqual(['A', 'B', 'C', 'M']);
    expect(await names(`user_id=${s.o.manager.user_id}`, s.h.admin)).toEqual(['M']);
    expect(await names(`user_id=${s.o.manager.user_id}`)).toEqual(['A', 'B', 'C']);
    const page = await s.app.inject({
      method: 'GET',
      url: `${R}?per_page=2&page=1&sort_column=report_name&sort_order=A`,
      headers: s.h.rep,
    });
    expect(page.json().expense_reports.map((r: any) => r.report_name)).toEqual(['A', 'B']);
    expect(page.json().page_context).toMatchObject({ page: 1, per_page: 2, has_more_page: true });
    expect(
      (await s.app.inject({ method: 'GET', url: `${R}?status=bogus`, headers: s.h.rep })).statusCode,
    ).toBe(400);
    expect(a.report_id).not.toBe(b.report_id);
  });

  it('a report detail shows its expenses, totals in base currency and the approver', async () => {
    const s = await setup(dialect);
    const e = await s.expense({
      amount: 1000,
      currency_code: 'EUR',
      exchange_rate: '1.1',
      base_amount: 1100,
    });
    const r = await s.report({ expense_ids: [e.expense_id] });
    const detail = (await s.get(r.report_id)).json().expense_report;
    expect(detail.total).toBe(11);
    expect(detail.expenses).toHaveLength(1);
    expect(detail.expenses[0]).toMatchObject({
      expense_id: e.expense_id,
      amount: 10,
      currency_code: 'EUR',
      bcy_total: 11,
    });
  });

  it('a repeated Idempotency-Key creates one report', async () => {
    const s = await setup(dialect);
    const headers = { ...s.h.rep, 'idempotency-key': 'k-1' };
    const one = await s.app.inject({ method: 'POST', url: R, headers, payload: { report_name: 'Once' } });
    const two = await s.app.inject({ method: 'POST', url: R, headers, payload: { report_name: 'Once' } });
    expect(two.json().expense_report.report_id).toBe(one.json().expense_report.report_id);
    const count = await s.db
      .selectFrom('expense_reports')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  it('actions accept a request without a body', async () => {
    const s = await setup(dialect);
    const e = await s.expense();
    const r = await s.report({ expense_ids: [e.expense_id] });
    const res = await s.app.inject({ method: 'POST', url: `${R}/${r.report_id}/submit`, headers: s.h.rep });
    expect(res.statusCode, res.body).toBe(200);
  });
});

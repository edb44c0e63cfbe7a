import { describe, expect, it } from 'vitest';
import { appendAudit, verifyAuditChain } from '../../server/modules/audit/service.js';
import { DIALECTS } from '../helpers/dialects.js';
import { createOrgWithUsers, insertExpense, insertUser } from '../helpers/fixtures.js';
import { as, buildTestApp } from '../helpers/test-app.js';

const clock = () => new Date('2026-11-25T10:00:00.000Z');

describe.each(DIALECTS)('audit log on %s', (dialect) => {
  async function submittedReport() {
    const t = await buildTestApp(dialect);
    const o = await createOrgWithUsers(t.db);
    const e = await insertExpense(t.db, {
      org_id: o.org.org_id,
      user_id: o.rep.user_id,
      category_id: o.categoryId,
    });
    const rep = as(o.rep.email, o.org.org_id);
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/expensereports',
      headers: rep,
      payload: { report_name: 'Trip', expense_ids: [e.expense_id] },
    });
    const reportId: string = created.json().expense_report.report_id;
    const sub = await t.app.inject({
      method: 'POST',
      url: `/api/v1/expensereports/${reportId}/submit`,
      headers: rep,
      payload: {},
    });
    expect(sub.statusCode).toBe(200);
    return { ...t, o, e, reportId, rep };
  }

  it('appendAudit numbers entries per organisation and links each to the previous hash', async () => {
    const { db } = await buildTestApp(dialect);
    const a = await createOrgWithUsers(db, { domain: 'a.example' });
    const b = await createOrgWithUsers(db, { domain: 'b.example' });
    for (const org of [a, b, a]) {
      await db.transaction().execute((trx) =>
        appendAudit(
          trx,
          {
            org_id: org.org.org_id,
            entity_type: 'report',
            entity_id: '1',
            action: 'updated',
            actor_id: org.admin.user_id,
            changes: { report_name: ['x', 'y'] },
          },
          clock,
        ),
      );
    }
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('org_id', '=', a.org.org_id)
      .orderBy('seq')
      .execute();
    expect(rows.map((r) => Number(r.seq))).toEqual([1, 2]);
    expect(rows[0]!.prev_hash).toBe('0'.repeat(64));
    expect(rows[1]!.prev_hash).toBe(rows[0]!.hash);
    expect(await verifyAuditChain(db, a.org.org_id)).toEqual({ ok: true });
    expect(await verifyAuditChain(db, b.org.org_id)).toEqual({ ok: true });
  });

  it('a tampered row is found by verifyAuditChain and by GET /auditlog/verify', async () => {
    const s = await submittedReport();
    const admin = as(s.o.admin.email, s.o.org.org_id);
    await s.app.inject({
      method: 'POST',
      url: `/api/v1/expensereports/${s.reportId}/approve`,
      headers: as(s.o.manager.email, s.o.org.org_id),
      payload: {},
    });
    const okRes = await s.app.inject({ method: 'GET', url: '/api/v1/auditlog/verify', headers: admin });
    expect(okRes.json().audit_chain).toMatchObject({ ok: true });
    expect(okRes.json().audit_chain.entries_checked).toBeGreaterThanOrEqual(4);

    const target = await s.db
      .selectFrom('audit_log')
      .select(['seq', 'changes'])
      .where('org_id', '=', s.o.org.org_id)
      .where('action', '=', 'approved')
      .executeTakeFirstOrThrow();
    await s.db
      .updateTable('audit_log')
      .set({ actor_id: s.o.rep.user_id })
      .where('org_id', '=', s.o.org.org_id)
      .where('seq', '=', target.seq)
      .execute();
    expect(await verifyAuditChain(s.db, s.o.org.org_id)).toEqual({ ok: false, brokenAt: Number(target.seq) });
    const bad = await s.app.inject({ method: 'GET', url: '/api/v1/auditlog/verify', headers: admin });
    expect(bad.json().audit_chain).toMatchObject({ ok: false, broken_at: Number(target.seq) });
    expect(
      (await s.app.inject({ method: 'GET', url: '/api/v1/auditlog/verify', headers: s.rep })).statusCode,
    ).toBe(403);
  });

  it('deleting the newest entry is found too (the counter knows how many were written)', async () => {
    const s = await submittedReport();
    const last = await s.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.max('seq').as('m'))
      .where('org_id', '=', s.o.org.org_id)
      .executeTakeFirstOrThrow();
    await s.db
      .deleteFrom('audit_log')
      .where('org_id', '=', s.o.org.org_id)
      .where('seq', '=', Number(last.m))
      .execute();
    expect(await verifyAuditChain(s.db, s.o.org.org_id)).toEqual({ ok: false, brokenAt: Number(last.m) });
  });

  it('submission and approval actions are recorded for the report and each expense, old → new, with actor and time', async () => {
    const s = await submittedReport();
    const res = await s.app.inject({
      method: 'GET',
      url: `/api/v1/auditlog?entity_type=expense&entity_id=${s.e.expense_id}`,
      headers: s.rep,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().audit_log).toEqual([
      expect.objectContaining({
        action: 'report_submitted',
        actor_id: s.o.rep.user_id,
        actor_name: 'Rep',
        changes: { status: ['unsubmitted', 'submitted'] },
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      }),
    ]);
  });

  it('changes before the first submission are not audited; edits after a recall are', async () => {
    const t = await buildTestApp(dialect);
    const o = await createOrgWithUsers(t.db);
    const rep = as(o.rep.email, o.org.org_id);
    const e = await insertExpense(t.db, {
      org_id: o.org.org_id,
      user_id: o.rep.user_id,
      category_id: o.categoryId,
    });
    const r = (
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/expensereports',
        headers: rep,
        payload: { report_name: 'A', expense_ids: [e.expense_id] },
      })
    ).json().expense_report;
    await t.app.inject({
      method: 'PUT',
      url: `/api/v1/expensereports/${r.report_id}`,
      headers: rep,
      payload: { report_name: 'B' },
    });
    const before = await t.db.selectFrom('audit_log').selectAll().execute();
    expect(before).toEqual([]);
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/expensereports/${r.report_id}/submit`,
      headers: rep,
      payload: {},
    });
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/expensereports/${r.report_id}/recall`,
      headers: rep,
      payload: {},
    });
    await t.app.inject({
      method: 'PUT',
      url: `/api/v1/expensereports/${r.report_id}`,
      headers: rep,
      payload: { report_name: 'C' },
    });
    await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/expensereports/${r.report_id}/expenses/${e.expense_id}`,
      headers: rep,
    });
    const log = (
      await t.app.inject({
        method: 'GET',
        url: `/api/v1/expensereports/${r.report_id}/auditlog`,
        headers: rep,
      })
    ).json().audit_log;
    expect(log.map((x: any) => x.action)).toEqual(['submitted', 'recalled', 'updated', 'expenses_removed']);
    expect(log[2].changes).toEqual({ report_name: ['B', 'C'] });
    expect(await verifyAuditChain(t.db, o.org.org_id)).toEqual({ ok: true });
  });

  it("is readable by the owner, the report's approver and admins; others get 404", async () => {
    const s = await submittedReport();
    const colleague = await insertUser(s.db, s.o.org.org_id, {
      email: 'colleague@zylker.example',
      user_role: 'approver',
    });
    const url = `/api/v1/expensereports/${s.reportId}/auditlog`;
    const expenseUrl = `/api/v1/auditlog?entity_type=expense&entity_id=${s.e.expense_id}`;
    for (const email of [s.o.rep.email, s.o.manager.email, s.o.admin.email]) {
      const headers = as(email, s.o.org.org_id);
      expect((await s.app.inject({ method: 'GET', url, headers })).statusCode, email).toBe(200);
      expect((await s.app.inject({ method: 'GET', url: expenseUrl, headers })).statusCode, email).toBe(200);
    }
    for (const email of [colleague.email, s.o.director.email]) {
      const headers = as(email, s.o.org.org_id);
      expect((await s.app.inject({ method: 'GET', url, headers })).statusCode, email).toBe(404);
      expect((await s.app.inject({ method: 'GET', url: expenseUrl, headers })).statusCode, email).toBe(404);
    }
    const other = await createOrgWithUsers(s.db, { domain: 'other.example' });
    const otherAdmin = as(other.admin.email, other.org.org_id);
    expect((await s.app.inject({ method: 'GET', url: expenseUrl, headers: otherAdmin })).statusCode).toBe(
      404,
    );
    expect((await s.app.inject({ method: 'GET', url, headers: otherAdmin })).statusCode).toBe(404);
    expect(
      (
        await s.app.inject({
          method: 'GET',
          url: '/api/v1/auditlog?entity_type=nope&entity_id=1',
          headers: s.rep,
        })
      ).statusCode,
    ).toBe(400);
  });

  if (dialect === 'postgres') {
    it('concurrent appends on PostgreSQL serialise on the counter row and keep one unbroken chain', async () => {
      const { db } = await buildTestApp(dialect);
      const o = await createOrgWithUsers(db);
      await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          db.transaction().execute((trx) =>
            appendAudit(
              trx,
              {
                org_id: o.org.org_id,
                entity_type: 'expense',
                entity_id: String(i),
                action: 'updated',
                actor_id: o.rep.user_id,
                changes: { n: [i, i + 1] },
              },
              clock,
            ),
          ),
        ),
      );
      const seqs = await db
        .selectFrom('audit_log')
        .select('seq')
        .where('org_id', '=', o.org.org_id)
        .orderBy('seq')
        .execute();
      expect(seqs.map((r) => Number(r.seq))).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
      expect(await verifyAuditChain(db, o.org.org_id)).toEqual({ ok: true });
    });
  }
});

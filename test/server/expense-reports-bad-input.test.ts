import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/dialects.js';
import { createOrgWithUsers, insertExpense } from '../helpers/fixtures.js';
import { as, buildTestApp } from '../helpers/test-app.js';

/** Bodies that are mostly wrong: random JSON values, and objects mixing real field names with junk values. */
const junk = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.constantFrom('2026-02-30', '9999-99-99', '', ' ', '-1', '1e400', 'x'.repeat(3000)),
);
const fieldNames = fc.constantFrom(
  'report_name',
  'description',
  'start_date',
  'end_date',
  'customer_id',
  'deal_id',
  'expense_ids',
  'approver_id',
  'reason',
  'comments',
  'reimbursement_date',
  'reference',
  'last_modified_time',
  'level',
  'min_total',
  'approver_type',
  'approver_user_id',
  '__proto__',
  'constructor',
);
const body = fc.oneof(fc.jsonValue(), fc.dictionary(fieldNames, junk, { maxKeys: 5 }));

describe.each(DIALECTS)('expense report routes under bad input on %s', (dialect) => {
  it('never answer 5xx, and a refused request stores nothing', async () => {
    const { app, db } = await buildTestApp(dialect);
    const o = await createOrgWithUsers(db);
    const rep = as(o.rep.email, o.org.org_id);
    const admin = as(o.admin.email, o.org.org_id);
    const e = await insertExpense(db, {
      org_id: o.org.org_id,
      user_id: o.rep.user_id,
      category_id: o.categoryId,
    });
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/expensereports',
      headers: rep,
      payload: { report_name: 'Fuzz', expense_ids: [e.expense_id] },
    });
    const id: string = created.json().expense_report.report_id;
    const routes: Array<[string, string, Record<string, string>]> = [
      ['POST', '/api/v1/expensereports', rep],
      ['PUT', `/api/v1/expensereports/${id}`, rep],
      ['POST', `/api/v1/expensereports/${id}/expenses`, rep],
      ['POST', `/api/v1/expensereports/${id}/submit`, rep],
      ['POST', `/api/v1/expensereports/${id}/reject`, admin],
      ['POST', `/api/v1/expensereports/${id}/reimburse`, admin],
      ['POST', '/api/v1/settings/approvalrules', admin],
    ];
    const snapshot = async () => ({
      reports: await db.selectFrom('expense_reports').selectAll().orderBy('report_id').execute(),
      rules: await db.selectFrom('approval_rules').selectAll().execute(),
      audit: await db.selectFrom('audit_log').selectAll().execute(),
    });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), body, async ([method, url, headers], payload) => {
        const before = await snapshot();
        const res = await app.inject({
          method: method as 'POST' | 'PUT',
          url,
          headers: { ...headers, 'content-type': 'application/json' },
          payload: JSON.stringify(payload),
        });
        expect(res.statusCode, `${method} ${url} ${JSON.stringify(payload)} → ${res.body}`).toBeLessThan(500);
        if (res.statusCode >= 400) expect(await snapshot()).toEqual(before);
        // Undo an accepted change so the next run starts from the same report.
        if (res.statusCode < 300) {
          await db.deleteFrom('approval_rules').execute();
          await db.deleteFrom('expense_reports').where('report_id', '!=', id).execute();
        }
      }),
      { numRuns: dialect === 'postgres' ? 60 : 150 },
    );
  });
});

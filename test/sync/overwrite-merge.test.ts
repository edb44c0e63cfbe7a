import { describe, expect, it } from 'vitest';
import { buildSeed } from '../../sandbox/data/seed.js';
import { DIALECTS } from '../helpers/dialects.js';
import { insertContact, insertUser } from '../helpers/fixtures.js';
import { as } from '../helpers/test-app.js';
import { ADMIN, connectCrm, openSyncWorld, type SyncWorld } from './sync-world.js';

const zylker = buildSeed().crmOrgs[0]!;
const REP = 'rita.rep@zylker.example';

/** Two local customers named like a CRM account (dup1 survives an Overwrite, dup2 is merged into it). */
async function duplicates(w: SyncWorld) {
  const now = new Date().toISOString();
  for (const id of ['dup1', 'dup2']) {
    await insertContact(w.db, w.orgId, {
      contact_id: id,
      contact_name: String(zylker.Accounts[0]!.Account_Name),
      created_time: now,
    });
  }
}

async function call(
  w: SyncWorld,
  who: string,
  method: 'GET' | 'POST' | 'PUT',
  url: string,
  payload?: object,
) {
  const res = await w.app.inject({
    method,
    url: `/api/v1${url}`,
    headers: as(who),
    ...(payload ? { payload } : {}),
  });
  return { status: res.statusCode, body: res.json() };
}

describe.each(DIALECTS)('Overwrite merge of duplicate customers (%s)', (dialect) => {
  it('gives repointed expenses and reports a new version, audits the submitted ones and moves their conflicts', async () => {
    const w = await openSyncWorld(dialect);
    await duplicates(w);
    const admin = await w.db
      .selectFrom('users')
      .select('user_id')
      .where('email', '=', ADMIN)
      .executeTakeFirstOrThrow();
    await insertUser(w.db, w.orgId, { email: REP, manager_id: admin.user_id });
    const category = await w.db
      .selectFrom('expense_categories')
      .select('category_id')
      .where('org_id', '=', w.orgId)
      .executeTakeFirstOrThrow();
    const expense = async (fields: object) => {
      const res = await call(w, REP, 'POST', '/expenses', {
        date: '2026-01-16',
        category_id: category.category_id,
        amount: 25,
        ...fields,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body.expense;
    };
    const report = async (fields: object) => {
      const res = await call(w, REP, 'POST', '/expensereports', fields);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body.expense_report;
    };
    // Submitted: an expense for dup2 in a report for dup2.
    const sentExpense = await expense({ customer_id: 'dup2' });
    const sent = await report({
      report_name: 'Sent',
      customer_id: 'dup2',
      expense_ids: [sentExpense.expense_id],
    });
    expect((await call(w, REP, 'POST', `/expensereports/${sent.report_id}/submit`, {})).status).toBe(200);
    // Not submitted: an expense with dup2 as attendee in a draft report for dup2.
    const draftExpense = await expense({ attendees: [{ contact_id: 'dup2' }] });
    const draft = await report({
      report_name: 'Draft',
      customer_id: 'dup2',
      expense_ids: [draftExpense.expense_id],
    });
    const untouched = await expense({});
    const conflictTime = new Date().toISOString();
    await w.db
      .insertInto('sync_conflicts')
      .values({
        conflict_id: 'c-dup2',
        org_id: w.orgId,
        system: 'crm',
        module: 'accounts',
        external_id: 'gone',
        local_id: 'dup2',
        field: 'phone',
        local_value: '1',
        remote_value: '2',
        status: 'open',
        resolution: null,
        detected_time: conflictTime,
        resolved_time: null,
      })
      .execute();
    const versions = async () => {
      const expenses = await w.db
        .selectFrom('expenses')
        .select(['expense_id', 'last_modified_time'])
        .where('org_id', '=', w.orgId)
        .execute();
      const reports = await w.db
        .selectFrom('expense_reports')
        .select(['report_id', 'last_modified_time'])
        .where('org_id', '=', w.orgId)
        .execute();
      return new Map(
        [...expenses, ...reports].map((r) => [
          'expense_id' in r ? r.expense_id : r.report_id,
          r.last_modified_time,
        ]),
      );
    };
    const before = await versions();

    await connectCrm(w, { module: 'accounts', duplicates: 'overwrite' }, { sync_now: true });
    await w.drain();

    const after = await versions();
    for (const id of [sentExpense.expense_id, sent.report_id, draftExpense.expense_id, draft.report_id]) {
      expect(Date.parse(after.get(id)!), id).toBeGreaterThan(Date.parse(before.get(id)!));
    }
    expect(after.get(untouched.expense_id)).toBe(before.get(untouched.expense_id));
    const rows = await w.db
      .selectFrom('expenses')
      .select(['expense_id', 'customer_id', 'attendees'])
      .where('expense_id', 'in', [sentExpense.expense_id, draftExpense.expense_id])
      .orderBy('expense_id')
      .execute();
    expect(new Map(rows.map((r) => [r.expense_id, [r.customer_id, JSON.parse(r.attendees)]]))).toEqual(
      new Map([
        [sentExpense.expense_id, ['dup1', []]],
        [draftExpense.expense_id, [null, [{ contact_id: 'dup1' }]]],
      ]),
    );

    // A client still holding the version read before the merge is refused.
    const stale = await call(w, REP, 'PUT', `/expenses/${draftExpense.expense_id}`, {
      description: 'offline edit',
      last_modified_time: draftExpense.last_modified_time,
    });
    expect(stale.status).toBe(409);
    const staleReport = await call(w, REP, 'PUT', `/expensereports/${draft.report_id}`, {
      report_name: 'Renamed offline',
      last_modified_time: before.get(draft.report_id),
    });
    expect(staleReport.status).toBe(409);

    // The submitted expense and report have the merge on their record; the others need none.
    const trail = async (type: 'expense' | 'report', id: string) =>
      (await call(w, ADMIN, 'GET', `/auditlog?entity_type=${type}&entity_id=${id}`)).body.audit_log.filter(
        (e: { action: string }) => e.action === 'customers_merged',
      );
    expect(await trail('expense', sentExpense.expense_id)).toEqual([
      expect.objectContaining({
        actor_id: 'sync:crm',
        actor_name: 'Zoho CRM sync',
        changes: { customer_id: ['dup2', 'dup1'] },
      }),
    ]);
    expect(await trail('report', sent.report_id)).toEqual([
      expect.objectContaining({ changes: { customer_id: ['dup2', 'dup1'] } }),
    ]);
    expect(await trail('expense', draftExpense.expense_id)).toEqual([]);
    expect(await trail('report', draft.report_id)).toEqual([]);
    expect((await call(w, ADMIN, 'GET', '/auditlog/verify')).body.audit_chain).toMatchObject({ ok: true });

    // The conflict of the merged customer now belongs to the survivor.
    const conflict = await w.db
      .selectFrom('sync_conflicts')
      .select('local_id')
      .where('conflict_id', '=', 'c-dup2')
      .executeTakeFirstOrThrow();
    expect(conflict.local_id).toBe('dup1');
  });
});

import { describe, expect, it } from 'vitest';
import { buildSeed } from '../../sandbox/data/seed.js';
import type { SandboxSeed } from '../../sandbox/data/seed-types.js';
import { loadDemoOrganization } from '../../server/demo/load-demo.js';
import { createIdGenerator } from '../../server/ids.js';
import { verifyAuditChain } from '../../server/modules/audit/service.js';
import { DIALECTS } from '../helpers/dialects.js';
import { as, buildTestApp } from '../helpers/test-app.js';

const NOW = new Date('2026-11-20T12:00:00.000Z');
const ctx = () => ({ clock: () => NOW, ids: createIdGenerator() });

/** A hand-made seed: enough to check each mapping rule without the full sandbox data. */
function tinySeed(): SandboxSeed {
  const t = '2026-01-01T00:00:00+00:00';
  const user = (
    id: string,
    email: string,
    name: string,
    reportsTo: string | null,
    status: 'active' | 'disabled' = 'active',
  ) => ({
    id,
    full_name: name,
    first_name: name.split(' ')[0]!,
    last_name: name.split(' ')[1] ?? '',
    email,
    status,
    confirm: true,
    zuid: `z${id}`,
    role: { name: 'r', id: 'r1' },
    profile: { name: 'p', id: 'p1' },
    Reporting_To: reportsTo ? { name: '', id: reportsTo } : null,
    Modified_Time: t,
    Created_Time: t,
  });
  const owner = { name: 'Rep', id: 'u3', email: 'rep@zylker.example' };
  return {
    crmOrgs: [
      {
        org: {
          id: 'o1',
          zgid: 'o1',
          company_name: 'Zylker',
          domain_name: 'zylker',
          primary_email: 'admin@zylker.example',
          currency: 'US Dollar - USD',
          iso_code: 'USD',
          currency_symbol: '$',
          time_zone: 'GMT',
          country_code: 'US',
        },
        users: [
          user('u1', 'admin@zylker.example', 'Ada Admin', null),
          user('u2', 'manager@zylker.example', 'Max Manager', 'u1'),
          user('u3', 'rep@zylker.example', 'Rita Rep', 'u2'),
          user('u4', 'gone@zylker.example', 'Gil Gone', 'u2', 'disabled'),
        ],
        Accounts: [
          { id: 'a1', Account_Name: 'Massive Labs', Owner: owner, Created_Time: t, Modified_Time: t },
        ],
        Contacts: [
          {
            id: 'c1',
            First_Name: 'Kevin',
            Last_Name: 'Garcia',
            Full_Name: 'Kevin Garcia',
            Account_Name: { name: 'Massive Labs', id: 'a1' },
            Owner: owner,
            Created_Time: t,
            Modified_Time: t,
          },
        ],
        Deals: [
          {
            id: 'd1',
            Deal_Name: 'Massive Labs - Pilot',
            Stage: 'Closed Won',
            Amount: 20500,
            Currency: 'USD',
            Closing_Date: '2026-06-30',
            Account_Name: { name: 'Massive Labs', id: 'a1' },
            Contact_Name: { name: 'Kevin Garcia', id: 'c1' },
            Owner: owner,
            Created_Time: t,
            Modified_Time: t,
          },
          {
            id: 'd2',
            Deal_Name: 'Open one',
            Stage: 'Qualification',
            Owner: owner,
            Created_Time: t,
            Modified_Time: t,
          },
          {
            id: 'd3',
            Deal_Name: 'Lost one',
            Stage: 'Closed Lost to Competition',
            Owner: owner,
            Created_Time: t,
            Modified_Time: t,
          },
        ],
      },
    ],
    people: {
      employees: [
        {
          Zoho_ID: 'e3',
          EmployeeID: 'ZY003',
          FirstName: 'Rita',
          LastName: 'Rep',
          EmailID: 'rep@zylker.example',
          Department: 'Sales',
          'Department.ID': 'dep1',
          Reporting_To: '',
          'Reporting_To.ID': '',
          'Reporting_To.MailID': '',
          Designation: 'Rep',
          Employeestatus: 'Active',
          ModifiedTime: '0',
          AddedTime: '0',
        },
        {
          Zoho_ID: 'e2',
          EmployeeID: 'ZY002',
          FirstName: 'Max',
          LastName: 'Manager',
          EmailID: 'manager@zylker.example',
          Department: 'Sales',
          'Department.ID': 'dep1',
          Reporting_To: '',
          'Reporting_To.ID': '',
          'Reporting_To.MailID': '',
          Designation: 'Manager',
          Employeestatus: 'Active',
          ModifiedTime: '0',
          AddedTime: '0',
        },
      ],
      departments: [
        {
          Zoho_ID: 'dep1',
          Department: 'Sales',
          Department_Lead: 'Max Manager',
          'Department_Lead.ID': 'e2',
          Parent_Department: '',
          ModifiedTime: '0',
          AddedTime: '0',
        },
      ],
      clients: [],
      projects: [],
    },
  };
}

describe.each(DIALECTS)('demo organisation on %s', (dialect) => {
  it('maps CRM users to roles, managers, statuses and People departments', async () => {
    const { db } = await buildTestApp(dialect);
    const { orgId } = await loadDemoOrganization(db, tinySeed(), ctx());
    const users = await db.selectFrom('users').selectAll().where('org_id', '=', orgId).execute();
    const by = (email: string) => users.find((u) => u.email === email)!;
    expect(by('admin@zylker.example')).toMatchObject({
      user_role: 'admin',
      status: 'active',
      zuid: 'zu1',
      manager_id: null,
    });
    expect(by('manager@zylker.example')).toMatchObject({
      user_role: 'approver',
      manager_id: by('admin@zylker.example').user_id,
    });
    expect(by('rep@zylker.example')).toMatchObject({
      user_role: 'submitter',
      manager_id: by('manager@zylker.example').user_id,
      employee_number: 'ZY003',
    });
    expect(by('gone@zylker.example').status).toBe('inactive');
    const dept = await db
      .selectFrom('departments')
      .selectAll()
      .where('org_id', '=', orgId)
      .executeTakeFirstOrThrow();
    expect(dept).toMatchObject({
      department_name: 'Sales',
      head_user_id: by('manager@zylker.example').user_id,
    });
    expect(by('rep@zylker.example').department_id).toBe(dept.department_id);
  });

  it('maps accounts to business customers, contacts to individuals of their account, and deals with forecast types', async () => {
    const { db } = await buildTestApp(dialect);
    const { orgId } = await loadDemoOrganization(db, tinySeed(), ctx());
    const contacts = await db.selectFrom('contacts').selectAll().where('org_id', '=', orgId).execute();
    const account = contacts.find((c) => c.customer_sub_type === 'business')!;
    expect(account).toMatchObject({ contact_name: 'Massive Labs', name_key: 'massive labs' });
    expect(contacts.find((c) => c.customer_sub_type === 'individual')).toMatchObject({
      contact_name: 'Kevin Garcia',
      name_key: 'kevin garcia',
      account_id: account.contact_id,
    });
    const deals = await db
      .selectFrom('deals')
      .selectAll()
      .where('org_id', '=', orgId)
      .orderBy('deal_name')
      .execute();
    expect(deals.map((d) => [d.deal_name, d.forecast_type])).toEqual([
      ['Lost one', 'Closed Lost'],
      ['Massive Labs - Pilot', 'Closed Won'],
      ['Open one', 'Open'],
    ]);
    expect(deals[1]).toMatchObject({ amount: 2050000, account_id: account.contact_id });
  });

  it('is idempotent: a second load changes nothing and returns the same organisation', async () => {
    const { db } = await buildTestApp(dialect);
    const first = await loadDemoOrganization(db, tinySeed(), ctx());
    const counts = async () =>
      Promise.all(
        (['organizations', 'users', 'contacts', 'deals', 'expenses', 'expense_reports'] as const).map(
          async (t) =>
            Number((await db.selectFrom(t).select(db.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
        ),
      );
    const before = await counts();
    const second = await loadDemoOrganization(db, tinySeed(), ctx());
    expect(second.orgId).toBe(first.orgId);
    expect(await counts()).toEqual(before);
  });

  it('does nothing when an organisation already exists', async () => {
    const { app, db } = await buildTestApp(dialect);
    await app.inject({ method: 'GET', url: '/api/v1/users/me', headers: as('someone@else.example') });
    await loadDemoOrganization(db, tinySeed(), ctx());
    const users = await db.selectFrom('users').select('email').execute();
    expect(users.map((u) => u.email)).toEqual(['someone@else.example']);
  });

  it('from the sandbox seed: a few hundred expenses in several currencies, reports in every status, consistent', async () => {
    const { app, db } = await buildTestApp(dialect);
    const { orgId } = await loadDemoOrganization(db, buildSeed(), ctx());
    const expenses = await db.selectFrom('expenses').selectAll().where('org_id', '=', orgId).execute();
    const reports = await db.selectFrom('expense_reports').selectAll().where('org_id', '=', orgId).execute();
    expect(expenses.length).toBeGreaterThan(200);
    expect(expenses.length).toBeLessThan(600);
    expect(new Set(expenses.map((e) => e.currency_code))).toEqual(new Set(['USD', 'EUR', 'GBP', 'INR']));
    expect(
      expenses.every((e) => e.deal_id !== null && e.date <= '2026-11-20' && e.date >= '2026-05-20'),
    ).toBe(true);
    expect(new Set(reports.map((r) => r.status))).toEqual(
      new Set(['draft', 'submitted', 'approved', 'rejected', 'reimbursed']),
    );
    expect(expenses.some((e) => e.status === 'unreported' && e.report_id === null)).toBe(true);
    const statusOfReport = new Map(reports.map((r) => [r.report_id, r.status]));
    const expected: Record<string, string> = {
      draft: 'unsubmitted',
      submitted: 'submitted',
      approved: 'approved',
      rejected: 'rejected',
      reimbursed: 'reimbursed',
    };
    for (const e of expenses) {
      expect(e.status).toBe(e.report_id ? expected[statusOfReport.get(e.report_id)!] : 'unreported');
    }
    // Every submitted report waits for the rep's manager, who is never the rep.
    const users = new Map(
      (await db.selectFrom('users').selectAll().where('org_id', '=', orgId).execute()).map((u) => [
        u.user_id,
        u,
      ]),
    );
    for (const r of reports.filter((x) => x.status === 'submitted')) {
      expect(r.approver_id).toBe(users.get(r.user_id)!.manager_id);
    }
    const history = await db.selectFrom('approval_history').selectAll().where('org_id', '=', orgId).execute();
    const reimbursed = reports.find((r) => r.status === 'reimbursed')!;
    expect(
      history
        .filter((h) => h.report_id === reimbursed.report_id)
        .map((h) => h.action)
        .sort(),
    ).toEqual(['approved', 'reimbursed', 'submitted']);
    expect((await verifyAuditChain(db, orgId)).ok).toBe(true);
    // The demo admin can use the API straight away (the test's stand-in for Zoho Accounts derives
    // zuids from emails, so the seed's zuid is swapped for that one first).
    await db
      .updateTable('users')
      .set({ zuid: 'zuid-admin@zylker.example' })
      .where('org_id', '=', orgId)
      .where('email', '=', 'admin@zylker.example')
      .execute();
    const me = await app.inject({
      method: 'GET',
      url: '/api/v1/users/me',
      headers: as('admin@zylker.example'),
    });
    expect(me.json().user).toMatchObject({ user_role: 'admin', organization_id: orgId });
    const rates = await app.inject({
      method: 'GET',
      url: '/api/v1/settings/currencies',
      headers: as('admin@zylker.example'),
    });
    expect(rates.json().currencies.map((c: { currency_code: string }) => c.currency_code)).toEqual([
      'USD',
      'EUR',
      'GBP',
      'INR',
    ]);
    // Per diem works at once: the demo has a policy in the base currency, with partial-day rules.
    const policies = await app.inject({
      method: 'GET',
      url: '/api/v1/settings/perdiem',
      headers: as('admin@zylker.example'),
    });
    const [policy, ...others] = policies.json().per_diem_policies;
    expect(others).toEqual([]);
    expect(policy).toMatchObject({ policy_name: 'Standard travel', currency_code: 'USD', status: 'active' });
    const trip = await app.inject({
      method: 'POST',
      url: '/api/v1/expenses/perdiem/calculate',
      headers: as('admin@zylker.example'),
      payload: {
        policy_id: policy.policy_id,
        per_diem_type: 'trip',
        departure_location: 'Austin',
        arrival_location: 'Chicago',
        start_date: '2026-11-02',
        start_time: '09:00',
        end_date: '2026-11-03',
        end_time: '10:00',
      },
    });
    expect(trip.statusCode, trip.body).toBe(200);
    expect(trip.json().per_diem.lines).toMatchObject([
      { location: 'Austin', hours: 15, rate: 59, percent: 75, amount: 44.25 },
      { location: 'Chicago', hours: 10, rate: 79, percent: 50, amount: 39.5 },
    ]);
  });
});

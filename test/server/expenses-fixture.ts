/**
 * A world for the expense, receipt and per diem API tests: organisation A (base USD) with an admin,
 * a manager (approver), two reps, enabled currencies with rates, customers, deals, a project and a
 * disabled category; and organisation B with its own records, for the other-org checks.
 */
import type { Kysely } from 'kysely';
import type { DialectName } from '../../server/db/dialect.js';
import type { Database, ReportRow, UserRow } from '../../server/db/schema.js';
import { customerNameKey } from '../../server/domain/sync-duplicates.js';
import { createIdGenerator } from '../../server/ids.js';
import { createOrganization } from '../../server/modules/organizations/service.js';
import { as, buildTestApp } from '../helpers/test-app.js';

const ids = createIdGenerator();
const clock = () => new Date('2026-01-20T10:00:00.000Z');
const NOW = clock().toISOString();

async function addUser(
  db: Kysely<Database>,
  orgId: string,
  email: string,
  role: UserRow['user_role'],
  managerId?: string,
) {
  const user: UserRow = {
    user_id: ids(),
    org_id: orgId,
    zuid: `zuid-${email}`,
    email,
    name: email.split('@')[0]!.replace(/\d/g, ''),
    user_role: role,
    status: 'active',
    manager_id: managerId ?? null,
    department_id: null,
    employee_number: null,
    is_from_crm: 0,
    is_from_zoho_people: 0,
    created_time: NOW,
    last_modified_time: NOW,
  };
  await db.insertInto('users').values(user).execute();
  return user;
}

async function addContact(
  db: Kysely<Database>,
  orgId: string,
  name: string,
  type: 'business' | 'individual',
  accountId: string | null = null,
) {
  const contact_id = ids();
  await db
    .insertInto('contacts')
    .values({
      contact_id,
      org_id: orgId,
      contact_name: name,
      name_key: customerNameKey(name),
      customer_sub_type: type,
      first_name: null,
      last_name: null,
      email: null,
      phone: null,
      company_name: null,
      account_id: accountId,
      status: 'active',
      custom_fields: '{}',
      created_time: NOW,
      last_modified_time: NOW,
    })
    .execute();
  return contact_id;
}

async function addDeal(
  db: Kysely<Database>,
  orgId: string,
  name: string,
  accountId: string | null,
  contactId: string | null = null,
) {
  const deal_id = ids();
  await db
    .insertInto('deals')
    .values({
      deal_id,
      org_id: orgId,
      deal_name: name,
      stage: 'Qualification',
      forecast_type: 'Open',
      amount: 100000,
      currency_code: 'USD',
      closing_date: null,
      owner_id: null,
      account_id: accountId,
      contact_id: contactId,
      created_time: NOW,
      last_modified_time: NOW,
    })
    .execute();
  return deal_id;
}

async function categoryId(db: Kysely<Database>, orgId: string, name: string) {
  const row = await db
    .selectFrom('expense_categories')
    .select('category_id')
    .where('org_id', '=', orgId)
    .where('category_name', '=', name)
    .executeTakeFirstOrThrow();
  return row.category_id;
}

async function enableCurrency(db: Kysely<Database>, orgId: string, code: string, rates: [string, string][]) {
  await db
    .insertInto('currencies')
    .values({ org_id: orgId, currency_code: code, created_time: NOW })
    .execute();
  for (const [effective_date, rate] of rates) {
    await db
      .insertInto('exchange_rates')
      .values({ rate_id: ids(), org_id: orgId, currency_code: code, effective_date, rate, created_time: NOW })
      .execute();
  }
}

export async function buildExpenseWorld(dialect: DialectName) {
  const t = await buildTestApp(dialect);
  const { db, app } = t;
  const ctx = { clock, ids };

  const { org, user: admin } = await createOrganization(
    db,
    { name: 'Zylker', base_currency: 'USD' },
    { zuid: 'zuid-admin@zylker.example', email: 'admin@zylker.example', name: 'Admin' },
    ctx,
  );
  const manager = await addUser(db, org.org_id, 'manager@zylker.example', 'approver');
  const rep = await addUser(db, org.org_id, 'rep@zylker.example', 'submitter', manager.user_id);
  const rep2 = await addUser(db, org.org_id, 'rep2@zylker.example', 'submitter', manager.user_id);
  await enableCurrency(db, org.org_id, 'EUR', [
    ['2026-01-01', '1.1'],
    ['2026-01-15', '1.2'],
  ]);
  await enableCurrency(db, org.org_id, 'JPY', [['2026-01-01', '0.0067']]);
  await enableCurrency(db, org.org_id, 'KWD', [['2026-01-01', '3.25']]);
  await enableCurrency(db, org.org_id, 'GBP', []);
  const acme = await addContact(db, org.org_id, 'Acme Corp', 'business');
  const bob = await addContact(db, org.org_id, 'Bob Buyer', 'individual', acme);
  const globex = await addContact(db, org.org_id, 'Globex', 'business');
  const acmeDeal = await addDeal(db, org.org_id, 'Acme renewal', acme);
  const globexDeal = await addDeal(db, org.org_id, 'Globex pilot', globex);
  const projectId = ids();
  await db
    .insertInto('projects')
    .values({
      project_id: projectId,
      org_id: org.org_id,
      project_name: 'Rollout',
      description: '',
      customer_id: acme,
      status: 'active',
      created_time: NOW,
      last_modified_time: NOW,
    })
    .execute();
  const meals = await categoryId(db, org.org_id, 'Meals');
  const lodging = await categoryId(db, org.org_id, 'Lodging');
  const parking = await categoryId(db, org.org_id, 'Parking');
  await db
    .updateTable('expense_categories')
    .set({ is_enabled: 0 })
    .where('category_id', '=', parking)
    .execute();

  const other = await createOrganization(
    db,
    { name: 'Other Org', base_currency: 'EUR' },
    { zuid: 'zuid-admin@other.example', email: 'admin@other.example', name: 'Other Admin' },
    ctx,
  );
  const otherCategory = await categoryId(db, other.org.org_id, 'Meals');
  const otherContact = await addContact(db, other.org.org_id, 'Initech', 'business');
  const otherDeal = await addDeal(db, other.org.org_id, 'Initech deal', otherContact);

  /** Inserts a report row of `owner` in any status (the reports API is tested elsewhere). */
  async function addReport(owner: UserRow, status: ReportRow['status'], fields: Partial<ReportRow> = {}) {
    const row: ReportRow = {
      report_id: ids(),
      org_id: org.org_id,
      user_id: owner.user_id,
      report_number: `ER-${ids().slice(-5)}`,
      report_name: `Report ${status}`,
      description: '',
      start_date: null,
      end_date: null,
      customer_id: null,
      deal_id: null,
      status,
      approver_id: status === 'submitted' ? manager.user_id : null,
      approval_level: status === 'submitted' ? 1 : 0,
      approval_flow: status === 'draft' ? '[]' : JSON.stringify([{ level: 1, approver_id: manager.user_id }]),
      submitted_date: status === 'draft' ? null : '2026-01-18',
      approved_date: null,
      reimbursement_date: null,
      created_time: NOW,
      last_modified_time: NOW,
      ...fields,
    };
    await db.insertInto('expense_reports').values(row).execute();
    return row;
  }

  /** Moves an expense into a report with the status that report implies (test set-up only). */
  async function putInReport(expenseId: string, report: ReportRow) {
    const status = report.status === 'draft' || report.status === 'recalled' ? 'unsubmitted' : report.status;
    await db
      .updateTable('expenses')
      .set({ report_id: report.report_id, status })
      .where('expense_id', '=', expenseId)
      .execute();
  }

  const h = {
    admin: as('admin@zylker.example', org.org_id),
    manager: as('manager@zylker.example', org.org_id),
    rep: as('rep@zylker.example', org.org_id),
    rep2: as('rep2@zylker.example', org.org_id),
    otherAdmin: as('admin@other.example', other.org.org_id),
  };

  /** Creates an expense through the API as `who` and returns the expense object. */
  async function createExpense(payload: Record<string, unknown>, who: Record<string, string> = h.rep) {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/expenses',
      headers: who,
      payload: { date: '2026-01-16', category_id: meals, amount: 42.5, ...payload },
    });
    if (res.statusCode !== 201) throw new Error(`create failed: ${res.statusCode} ${res.body}`);
    return res.json().expense as Record<string, any>;
  }

  async function count(
    table: 'expenses' | 'receipts' | 'files' | 'expense_reports' | 'per_diem_policies' | 'per_diem_rates',
  ) {
    const r = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  return {
    ...t,
    org,
    admin,
    manager,
    rep,
    rep2,
    acme,
    bob,
    globex,
    acmeDeal,
    globexDeal,
    projectId,
    meals,
    lodging,
    parking,
    other: { org: other.org, category: otherCategory, contact: otherContact, deal: otherDeal },
    h,
    addReport,
    putInReport,
    createExpense,
    count,
  };
}

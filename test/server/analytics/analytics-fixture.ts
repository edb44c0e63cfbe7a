/**
 * An organisation for analytics tests, written straight into the database (analytics reads tables
 * other modules own; seeding them directly keeps these tests independent of those modules' routes).
 * Team: admin; approver "mona" manages "rep" and "ray"; "sam" is a submitter outside her team.
 */
import type { Kysely } from 'kysely';
import type { Database, ExpenseStatus, NewExpense } from '../../../server/db/schema.js';
import { insertContact } from '../../helpers/fixtures.js';

export const T0 = '2026-01-01T00:00:00.000Z';

export interface AnalyticsOrg {
  orgId: string;
  users: { admin: string; mona: string; rep: string; ray: string; sam: string };
  emails: Record<'admin' | 'mona' | 'rep' | 'ray' | 'sam', string>;
  departments: string[];
  categories: string[];
  customers: string[];
  deals: Array<{
    deal_id: string;
    forecast_type: 'Open' | 'Closed Won' | 'Closed Lost';
    owner_id: string;
    stage: string;
    closing_date: string | null;
    account_id: string | null;
  }>;
}

const STAGES = { Open: 'Negotiation', 'Closed Won': 'Closed Won', 'Closed Lost': 'Closed Lost' } as const;

export async function seedAnalyticsOrg(
  db: Kysely<Database>,
  orgId: string,
  base = 'USD',
): Promise<AnalyticsOrg> {
  await db
    .insertInto('organizations')
    .values({
      org_id: orgId,
      name: `Org ${orgId}`,
      base_currency: base,
      time_zone: 'UTC',
      settings: '{}',
      created_time: T0,
      last_modified_time: T0,
    })
    .execute();
  const departments = [`${orgId}-dsales`, `${orgId}-dops`];
  for (const [i, d] of departments.entries()) {
    await db
      .insertInto('departments')
      .values({
        department_id: d,
        org_id: orgId,
        department_name: `Dept ${i}`,
        head_user_id: null,
        created_time: T0,
        last_modified_time: T0,
      })
      .execute();
  }
  const id = (n: string) => `${orgId}-${n}`;
  const users = { admin: id('admin'), mona: id('mona'), rep: id('rep'), ray: id('ray'), sam: id('sam') };
  const emails = {
    admin: `admin@${orgId}.example`,
    mona: `mona@${orgId}.example`,
    rep: `rep@${orgId}.example`,
    ray: `ray@${orgId}.example`,
    sam: `sam@${orgId}.example`,
  };
  const roles = {
    admin: 'admin',
    mona: 'approver',
    rep: 'submitter',
    ray: 'submitter',
    sam: 'submitter',
  } as const;
  const managers = { admin: null, mona: users.admin, rep: users.mona, ray: users.mona, sam: users.admin };
  const depts = {
    admin: departments[1],
    mona: departments[0],
    rep: departments[0],
    ray: departments[1],
    sam: departments[1],
  };
  for (const k of Object.keys(users) as Array<keyof typeof users>) {
    await db
      .insertInto('users')
      .values({
        user_id: users[k],
        org_id: orgId,
        zuid: null,
        email: emails[k],
        name: k,
        user_role: roles[k],
        status: 'active',
        manager_id: managers[k],
        department_id: depts[k] ?? null,
        employee_number: null,
        is_from_crm: 0,
        is_from_zoho_people: 0,
        created_time: T0,
        last_modified_time: T0,
      })
      .execute();
  }
  const categories = [id('travel'), id('meals'), id('lodging')];
  for (const c of categories) {
    await db
      .insertInto('expense_categories')
      .values({
        category_id: c,
        org_id: orgId,
        category_name: c.split('-').pop() ?? c,
        description: '',
        is_enabled: 1,
        created_time: T0,
        last_modified_time: T0,
      })
      .execute();
  }
  const customers = [id('acme'), id('zylker')];
  for (const c of customers) {
    await insertContact(db, orgId, { contact_id: c, contact_name: `Customer ${c}`, created_time: T0 });
  }
  const outcomes = ['Open', 'Closed Won', 'Closed Lost', 'Closed Won', 'Closed Lost', 'Closed Won'] as const;
  const owners = [users.rep, users.ray, users.sam, users.mona, users.rep, users.sam];
  const closings = ['2026-01-20', '2026-02-10', '2026-02-28', null, '2026-03-15', '2026-04-01'];
  const deals: AnalyticsOrg['deals'] = outcomes.map((o, i) => ({
    deal_id: id(`deal${i}`),
    forecast_type: o,
    owner_id: owners[i] ?? users.rep,
    stage: STAGES[o],
    closing_date: closings[i] ?? null,
    account_id: customers[i % 2] ?? null,
  }));
  for (const [i, d] of deals.entries()) {
    await db
      .insertInto('deals')
      .values({
        ...d,
        org_id: orgId,
        deal_name: `Deal ${i}`,
        amount: (i + 1) * 100000,
        currency_code: i === 5 ? 'EUR' : base,
        contact_id: null,
        created_time: T0,
        last_modified_time: T0,
      })
      .execute();
  }
  return { orgId, users, emails, departments, categories, customers, deals };
}

/** A complete expense row with the given fields. */
export function expenseRow(
  orgId: string,
  f: {
    expense_id: string;
    user_id: string;
    date: string;
    category_id: string;
    base_amount: number;
    status: ExpenseStatus;
    deal_id?: string | null;
    customer_id?: string | null;
    report_id?: string | null;
  },
): NewExpense {
  return {
    org_id: orgId,
    amount: f.base_amount,
    currency_code: 'USD',
    exchange_rate: '1',
    merchant_name: 'Merchant',
    description: '',
    reference_number: '',
    is_reimbursable: 1,
    is_billable: 0,
    project_id: null,
    attendees: '[]',
    expense_type: 'non_mileage',
    extra: '{}',
    created_time: T0,
    last_modified_time: T0,
    deal_id: null,
    customer_id: null,
    report_id: null,
    ...f,
  };
}

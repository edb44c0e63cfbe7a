/**
 * Small fixture builders that insert rows straight into the database, for tests that need users,
 * expenses or reports without going through those resources' APIs.
 *
 * createOrgWithUsers(db) makes an organisation (base USD) with:
 *   admin (admin), director (approver, head of Sales), manager (approver, reports to director),
 *   rep (submitter, reports to manager, in Sales).
 * Sign in as any of them with `as(users.rep.email, org.org_id)` from test-app.ts.
 */
import type { Kysely } from 'kysely';
import type { Database, ExpenseRow, OrganizationRow, UserRow } from '../../server/db/schema.js';
import { customerNameKey } from '../../server/domain/sync-duplicates.js';
import { createIdGenerator } from '../../server/ids.js';
import { createOrganization } from '../../server/modules/organizations/service.js';

const ids = createIdGenerator();
const clock = () => new Date();

export interface OrgWithUsers {
  org: OrganizationRow;
  admin: UserRow;
  director: UserRow;
  manager: UserRow;
  rep: UserRow;
  departmentId: string;
  /** An enabled category of the org. */
  categoryId: string;
}

/** Inserts one user of the org. */
export async function insertUser(
  db: Kysely<Database>,
  orgId: string,
  fields: Partial<UserRow> & Pick<UserRow, 'email'>,
): Promise<UserRow> {
  const now = clock().toISOString();
  const email = fields.email.toLowerCase();
  const user: UserRow = {
    user_id: ids(),
    org_id: orgId,
    zuid: `zuid-${email}`,
    name: email.split('@')[0] ?? email,
    user_role: 'submitter',
    status: 'active',
    manager_id: null,
    department_id: null,
    employee_number: null,
    is_from_crm: 0,
    is_from_zoho_people: 0,
    created_time: now,
    last_modified_time: now,
    ...fields,
    email,
  };
  await db.insertInto('users').values(user).execute();
  return user;
}

/** An organisation with an admin, a director, a manager and a rep (emails at `domain`). */
export async function createOrgWithUsers(
  db: Kysely<Database>,
  opts: { domain?: string; name?: string; base_currency?: string } = {},
): Promise<OrgWithUsers> {
  const domain = opts.domain ?? 'zylker.example';
  const adminEmail = `admin@${domain}`;
  const { org, user: admin } = await createOrganization(
    db,
    { name: opts.name ?? 'Zylker', base_currency: opts.base_currency ?? 'USD' },
    { zuid: `zuid-${adminEmail}`, email: adminEmail, name: 'Admin' },
    { clock, ids },
  );
  const departmentId = ids();
  const now = clock().toISOString();
  await db
    .insertInto('departments')
    .values({
      department_id: departmentId,
      org_id: org.org_id,
      department_name: 'Sales',
      head_user_id: null,
      created_time: now,
      last_modified_time: now,
    })
    .execute();
  const director = await insertUser(db, org.org_id, {
    email: `director@${domain}`,
    name: 'Director',
    user_role: 'approver',
    department_id: departmentId,
  });
  await db
    .updateTable('departments')
    .set({ head_user_id: director.user_id })
    .where('department_id', '=', departmentId)
    .execute();
  const manager = await insertUser(db, org.org_id, {
    email: `manager@${domain}`,
    name: 'Manager',
    user_role: 'approver',
    manager_id: director.user_id,
    department_id: departmentId,
  });
  const rep = await insertUser(db, org.org_id, {
    email: `rep@${domain}`,
    name: 'Rep',
    user_role: 'submitter',
    manager_id: manager.user_id,
    department_id: departmentId,
  });
  const category = await db
    .selectFrom('expense_categories')
    .select('category_id')
    .where('org_id', '=', org.org_id)
    .orderBy('category_name')
    .executeTakeFirstOrThrow();
  return { org, admin, director, manager, rep, departmentId, categoryId: category.category_id };
}

/**
 * Inserts an expense (USD 100.00 unreported by default). `amount` and `base_amount` are minor
 * units; base_amount defaults to amount (same currency as the base).
 */
export async function insertExpense(
  db: Kysely<Database>,
  fields: Partial<ExpenseRow> & Pick<ExpenseRow, 'org_id' | 'user_id' | 'category_id'>,
): Promise<ExpenseRow> {
  const now = clock().toISOString();
  const amount = fields.amount ?? 10000;
  const expense: ExpenseRow = {
    expense_id: ids(),
    date: now.slice(0, 10),
    amount,
    currency_code: 'USD',
    exchange_rate: '1',
    base_amount: amount,
    merchant_name: 'Merchant',
    description: '',
    reference_number: '',
    is_reimbursable: 1,
    is_billable: 0,
    customer_id: null,
    deal_id: null,
    project_id: null,
    report_id: null,
    attendees: '[]',
    expense_type: 'non_mileage',
    extra: '{}',
    status: fields.report_id ? 'unsubmitted' : 'unreported',
    created_time: now,
    last_modified_time: now,
    ...fields,
  };
  await db.insertInto('expenses').values(expense).execute();
  return expense;
}

/** Inserts a CRM customer (business by default). */
export async function insertContact(
  db: Kysely<Database>,
  orgId: string,
  fields: {
    contact_id?: string;
    contact_name?: string;
    customer_sub_type?: 'business' | 'individual';
    account_id?: string | null;
    phone?: string | null;
    /** Also its last modified time; now unless given. */
    created_time?: string;
  } = {},
): Promise<string> {
  const now = fields.created_time ?? clock().toISOString();
  const contactId = fields.contact_id ?? ids();
  const name = fields.contact_name ?? 'Acme Corp';
  await db
    .insertInto('contacts')
    .values({
      contact_id: contactId,
      org_id: orgId,
      contact_name: name,
      name_key: customerNameKey(name),
      customer_sub_type: fields.customer_sub_type ?? 'business',
      first_name: null,
      last_name: null,
      email: null,
      phone: fields.phone ?? null,
      company_name: null,
      account_id: fields.account_id ?? null,
      status: 'active',
      custom_fields: '{}',
      created_time: now,
      last_modified_time: now,
    })
    .execute();
  return contactId;
}

/** Inserts a CRM deal. */
export async function insertDeal(
  db: Kysely<Database>,
  orgId: string,
  fields: { deal_name?: string; account_id?: string | null; owner_id?: string | null } = {},
): Promise<string> {
  const now = clock().toISOString();
  const dealId = ids();
  await db
    .insertInto('deals')
    .values({
      deal_id: dealId,
      org_id: orgId,
      deal_name: fields.deal_name ?? 'Big Deal',
      stage: 'Qualification',
      forecast_type: 'Open',
      amount: 5000000,
      currency_code: 'USD',
      closing_date: null,
      owner_id: fields.owner_id ?? null,
      account_id: fields.account_id ?? null,
      contact_id: null,
      created_time: now,
      last_modified_time: now,
    })
    .execute();
  return dealId;
}

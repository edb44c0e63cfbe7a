/**
 * Loads the demo organisation "Zylker" into an empty database, from the sandbox seed (the same
 * records the sandbox's Zoho CRM and People serve): users with roles and managers, departments,
 * customers, deals, currencies with a year of exchange rates, a per diem policy, and six months of
 * expenses and reports in every status, so the widget, approvals and analytics have something to show.
 *
 * Idempotent: when any organisation exists it changes nothing and returns the oldest one. Each step
 * is a small named function run inside one transaction, so a failed load leaves nothing behind.
 */
import type { Kysely, Transaction } from 'kysely';
import type {
  CrmOrgSeed,
  CrmRecord,
  CrmUser,
  PeopleDepartment,
  PeopleEmployee,
  SandboxSeed,
} from '../../sandbox/data/seed-types.js';
import type { Database, DealRow, OrganizationRow, UserRow } from '../db/schema.js';
import { isCurrencyCode, parseAmount } from '../domain/money.js';
import { customerNameKey } from '../domain/sync-duplicates.js';
import type { Clock, IdGenerator } from '../ids.js';
import { forecastTypeOfStage } from '../modules/deals/service.js';
import { DEFAULT_CATEGORIES, DEFAULT_ORG_SETTINGS } from '../modules/organizations/service.js';
import { linkDemoRecords } from '../sync/demo-links.js';
import { loadDemoCurrencies } from './demo-currencies.js';
import { loadDemoActivity } from './demo-expenses.js';
import { loadDemoPerDiem } from './demo-per-diem.js';

export interface DemoContext {
  clock: Clock;
  ids: IdGenerator;
}

type Trx = Transaction<Database>;

/** The demo organisation's admin (the seed's primary email). */
export const DEMO_ADMIN_EMAIL = 'admin@zylker.example';

export async function loadDemoOrganization(
  db: Kysely<Database>,
  seed: SandboxSeed,
  ctx: DemoContext,
): Promise<{ orgId: string }> {
  const existing = await db
    .selectFrom('organizations')
    .select('org_id')
    .orderBy('created_time')
    .orderBy('org_id')
    .limit(1)
    .executeTakeFirst();
  if (existing) return { orgId: existing.org_id };
  const crm = seed.crmOrgs[0];
  if (!crm) throw new Error('the seed has no CRM organisation');
  return db.transaction().execute(async (trx) => {
    const org = await createDemoOrg(trx, crm, ctx);
    const departments = await loadDemoDepartments(trx, org, seed.people.departments, ctx);
    const users = await loadDemoUsers(trx, org, crm, seed.people.employees, departments, ctx);
    await assignDepartmentHeads(trx, org, seed.people.departments, seed.people.employees, departments, users);
    const customers = await loadDemoCustomers(trx, org, crm, ctx);
    const deals = await loadDemoDeals(trx, org, crm.Deals, users, customers, ctx);
    // Link the demo records to their CRM records so a later CRM sync recognises them.
    await linkDemoRecords(trx, org.org_id, crm);
    const rates = await loadDemoCurrencies(trx, org, ctx);
    await loadDemoPerDiem(trx, org, ctx);
    await loadDemoActivity(trx, org, { users: [...users.values()], deals, rates }, ctx);
    return { orgId: org.org_id };
  });
}

/** The organisation, its base currency and the default categories. */
export async function createDemoOrg(trx: Trx, crm: CrmOrgSeed, ctx: DemoContext): Promise<OrganizationRow> {
  const now = ctx.clock().toISOString();
  const base = isCurrencyCode(crm.org.iso_code) ? crm.org.iso_code : 'USD';
  const org: OrganizationRow = {
    org_id: ctx.ids(),
    name: crm.org.company_name,
    base_currency: base,
    time_zone: 'UTC',
    settings: JSON.stringify(DEFAULT_ORG_SETTINGS),
    created_time: now,
    last_modified_time: now,
  };
  await trx.insertInto('organizations').values(org).execute();
  await trx
    .insertInto('currencies')
    .values({ org_id: org.org_id, currency_code: base, created_time: now })
    .execute();
  await trx
    .insertInto('expense_categories')
    .values(
      DEFAULT_CATEGORIES.map((category_name) => ({
        category_id: ctx.ids(),
        org_id: org.org_id,
        category_name,
        description: '',
        is_enabled: 1 as const,
        created_time: now,
        last_modified_time: now,
      })),
    )
    .execute();
  return org;
}

/** People departments → departments; returns People department id → our id. */
export async function loadDemoDepartments(
  trx: Trx,
  org: OrganizationRow,
  departments: readonly PeopleDepartment[],
  ctx: DemoContext,
): Promise<Map<string, string>> {
  const now = ctx.clock().toISOString();
  const ids = new Map<string, string>();
  for (const d of departments) {
    const id = ctx.ids();
    ids.set(d.Zoho_ID, id);
    await trx
      .insertInto('departments')
      .values({
        department_id: id,
        org_id: org.org_id,
        department_name: d.Department,
        head_user_id: null,
        created_time: now,
        last_modified_time: now,
      })
      .execute();
  }
  return ids;
}

/** The role a CRM user gets: the primary contact is admin; anyone others report to approves. */
export function demoRoleOf(user: CrmUser, all: readonly CrmUser[], adminEmail: string): UserRow['user_role'] {
  if (user.email.toLowerCase() === adminEmail.toLowerCase()) return 'admin';
  return all.some((u) => u.Reporting_To?.id === user.id) ? 'approver' : 'submitter';
}

/** CRM users → users; returns CRM user id → user row. */
export async function loadDemoUsers(
  trx: Trx,
  org: OrganizationRow,
  crm: CrmOrgSeed,
  employees: readonly PeopleEmployee[],
  departments: Map<string, string>,
  ctx: DemoContext,
): Promise<Map<string, UserRow>> {
  const now = ctx.clock().toISOString();
  const byEmail = new Map(employees.map((e) => [e.EmailID.toLowerCase(), e]));
  const adminEmail = crm.org.primary_email || DEMO_ADMIN_EMAIL;
  const rows = new Map<string, UserRow>();
  for (const u of crm.users) {
    if (u.status === 'deleted') continue;
    const employee = byEmail.get(u.email.toLowerCase());
    rows.set(u.id, {
      user_id: ctx.ids(),
      org_id: org.org_id,
      zuid: u.zuid || null,
      email: u.email.toLowerCase(),
      name: u.full_name,
      user_role: demoRoleOf(u, crm.users, adminEmail),
      status: u.status === 'active' ? 'active' : 'inactive',
      manager_id: null,
      department_id: employee ? (departments.get(employee['Department.ID']) ?? null) : null,
      employee_number: employee?.EmployeeID ?? null,
      is_from_crm: 1,
      is_from_zoho_people: employee ? 1 : 0,
      created_time: now,
      last_modified_time: now,
    });
  }
  // Managers second, once every CRM id has a user id (Reporting_To may point forward in the list).
  for (const u of crm.users) {
    const row = rows.get(u.id);
    const manager = u.Reporting_To ? rows.get(u.Reporting_To.id) : undefined;
    if (row && manager) row.manager_id = manager.user_id;
  }
  if (rows.size > 0)
    await trx
      .insertInto('users')
      .values([...rows.values()])
      .execute();
  return rows;
}

/** A People department's lead becomes its head, when that person is a user. */
export async function assignDepartmentHeads(
  trx: Trx,
  org: OrganizationRow,
  departments: readonly PeopleDepartment[],
  employees: readonly PeopleEmployee[],
  ids: Map<string, string>,
  users: Map<string, UserRow>,
): Promise<void> {
  const emailOfEmployee = new Map(employees.map((e) => [e.Zoho_ID, e.EmailID.toLowerCase()]));
  const userByEmail = new Map([...users.values()].map((u) => [u.email, u]));
  for (const d of departments) {
    const email = emailOfEmployee.get(d['Department_Lead.ID']);
    const head = email ? userByEmail.get(email) : undefined;
    const id = ids.get(d.Zoho_ID);
    if (!head || !id) continue;
    await trx
      .updateTable('departments')
      .set({ head_user_id: head.user_id })
      .where('org_id', '=', org.org_id)
      .where('department_id', '=', id)
      .execute();
  }
}

function text(record: CrmRecord, field: string): string | null {
  const v = record[field];
  return typeof v === 'string' && v !== '' ? v : null;
}

function lookupId(record: CrmRecord, field: string): string | null {
  const v = record[field] as { id?: unknown } | null | undefined;
  return v && typeof v.id === 'string' ? v.id : null;
}

/** Accounts → business customers, Contacts → individuals (linked to their account); CRM id → contact id. */
export async function loadDemoCustomers(
  trx: Trx,
  org: OrganizationRow,
  crm: CrmOrgSeed,
  ctx: DemoContext,
): Promise<Map<string, string>> {
  const now = ctx.clock().toISOString();
  const ids = new Map<string, string>();
  const base = {
    org_id: org.org_id,
    status: 'active' as const,
    custom_fields: '{}',
    created_by_user_id: null,
    created_time: now,
    last_modified_time: now,
  };
  const accounts = crm.Accounts.map((a) => {
    const id = ctx.ids();
    ids.set(a.id, id);
    const name = text(a, 'Account_Name') ?? a.id;
    return {
      ...base,
      contact_id: id,
      contact_name: name,
      name_key: customerNameKey(name),
      customer_sub_type: 'business' as const,
      first_name: null,
      last_name: null,
      email: null,
      phone: text(a, 'Phone'),
      company_name: name,
      account_id: null,
    };
  });
  const people = crm.Contacts.map((c) => {
    const id = ctx.ids();
    ids.set(c.id, id);
    const first = text(c, 'First_Name');
    const last = text(c, 'Last_Name');
    const accountCrmId = lookupId(c, 'Account_Name');
    const name = text(c, 'Full_Name') ?? ([first, last].filter(Boolean).join(' ') || c.id);
    return {
      ...base,
      contact_id: id,
      contact_name: name,
      name_key: customerNameKey(name),
      customer_sub_type: 'individual' as const,
      first_name: first,
      last_name: last,
      email: text(c, 'Email')?.toLowerCase() ?? null,
      phone: text(c, 'Phone'),
      company_name: (c.Account_Name as { name?: string } | null)?.name ?? null,
      account_id: accountCrmId ? (ids.get(accountCrmId) ?? null) : null,
    };
  });
  // Inserted in chunks: one statement per few hundred rows stays under SQLite's variable limit.
  const all = [...accounts, ...people];
  for (let i = 0; i < all.length; i += 50) {
    await trx
      .insertInto('contacts')
      .values(all.slice(i, i + 50))
      .execute();
  }
  return ids;
}

/** CRM Deals → deals (forecast type from the stage); returns the inserted rows. */
export async function loadDemoDeals(
  trx: Trx,
  org: OrganizationRow,
  records: readonly CrmRecord[],
  users: Map<string, UserRow>,
  customers: Map<string, string>,
  ctx: DemoContext,
): Promise<DealRow[]> {
  const now = ctx.clock().toISOString();
  const rows: DealRow[] = records.map((d) => {
    const currency = text(d, 'Currency') ?? org.base_currency;
    const code = isCurrencyCode(currency) ? currency : org.base_currency;
    const amount = typeof d.Amount === 'number' ? parseAmount(d.Amount, code) : undefined;
    const stage = text(d, 'Stage') ?? 'Qualification';
    const accountId = lookupId(d, 'Account_Name');
    const contactId = lookupId(d, 'Contact_Name');
    return {
      deal_id: ctx.ids(),
      org_id: org.org_id,
      deal_name: text(d, 'Deal_Name') ?? d.id,
      stage,
      forecast_type: forecastTypeOfStage(stage),
      amount: amount?.ok ? amount.minor : null,
      currency_code: code,
      closing_date: text(d, 'Closing_Date'),
      owner_id: users.get(d.Owner.id)?.user_id ?? null,
      account_id: accountId ? (customers.get(accountId) ?? null) : null,
      contact_id: contactId ? (customers.get(contactId) ?? null) : null,
      // As the CRM deals sync remembers them (the demo deals are linked to their CRM records).
      crm_owner_id: d.Owner.id,
      crm_owner_email: d.Owner.email.toLowerCase(),
      crm_account_id: accountId,
      crm_contact_id: contactId,
      created_time: now,
      last_modified_time: now,
    };
  });
  for (let i = 0; i < rows.length; i += 50) {
    await trx
      .insertInto('deals')
      .values(rows.slice(i, i + 50))
      .execute();
  }
  return rows;
}

/**
 * Organisations: creation (with the default categories and the base currency) and look-ups.
 */
import type { Kysely, Transaction } from 'kysely';
import type { ZohoIdentity } from '../../auth/zoho-identity.js';
import type { Database, OrganizationRow, UserRow } from '../../db/schema.js';
import type { Clock, IdGenerator } from '../../ids.js';

type Db = Kysely<Database> | Transaction<Database>;

/** The categories every new organisation starts with (admins can rename, add and disable). */
export const DEFAULT_CATEGORIES: readonly string[] = [
  'Air Travel',
  'Lodging',
  'Meals',
  'Entertainment',
  'Fuel',
  'Mileage',
  'Parking',
  'Taxi & Ride Share',
  'Car Rental',
  'Telephone & Internet',
  'Office Supplies',
  'Client Gifts',
  'Conference & Events',
  'Per Diem',
  'Other',
];

/** Organisation preferences kept in organizations.settings (JSON). */
export interface OrgSettings {
  /** "Only potentials associated with users" or "All potentials" (seed: Potentials section). */
  potentials_mode: 'user' | 'all';
  /** Seats the plan allows: CRM users beyond this are imported inactive. */
  seat_count: number;
}

export const DEFAULT_ORG_SETTINGS: OrgSettings = { potentials_mode: 'all', seat_count: 25 };

export function readOrgSettings(org: Pick<OrganizationRow, 'settings'>): OrgSettings {
  try {
    return { ...DEFAULT_ORG_SETTINGS, ...(JSON.parse(org.settings) as Partial<OrgSettings>) };
  } catch {
    return { ...DEFAULT_ORG_SETTINGS };
  }
}

export interface NewOrganizationInput {
  name: string;
  base_currency: string;
  time_zone?: string;
  /** Fixed id (the demo seed uses one); generated otherwise. */
  org_id?: string;
}

/**
 * Creates an organisation with `admin` as its first admin user, its base currency enabled and the
 * default categories. Returns the organisation and the admin's user row.
 */
export async function createOrganization(
  db: Kysely<Database>,
  input: NewOrganizationInput,
  admin: ZohoIdentity,
  ctx: { clock: Clock; ids: IdGenerator },
): Promise<{ org: OrganizationRow; user: UserRow }> {
  const now = ctx.clock().toISOString();
  return db.transaction().execute(async (trx) => {
    const org: OrganizationRow = {
      org_id: input.org_id ?? ctx.ids(),
      name: input.name,
      base_currency: input.base_currency,
      time_zone: input.time_zone ?? 'UTC',
      settings: JSON.stringify(DEFAULT_ORG_SETTINGS),
      created_time: now,
    };
    await trx.insertInto('organizations').values(org).execute();
    const user: UserRow = {
      user_id: ctx.ids(),
      org_id: org.org_id,
      zuid: admin.zuid || null,
      email: admin.email.toLowerCase(),
      name: admin.name,
      user_role: 'admin',
      status: 'active',
      manager_id: null,
      department_id: null,
      employee_number: null,
      is_from_crm: 0,
      is_from_zoho_people: 0,
      created_time: now,
      last_modified_time: now,
    };
    await trx.insertInto('users').values(user).execute();
    await trx
      .insertInto('currencies')
      .values({ org_id: org.org_id, currency_code: org.base_currency, created_time: now })
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
    return { org, user };
  });
}

export async function findOrganization(db: Db, orgId: string): Promise<OrganizationRow | undefined> {
  return db.selectFrom('organizations').selectAll().where('org_id', '=', orgId).executeTakeFirst();
}

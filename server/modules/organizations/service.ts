/**
 * Organisations: creation (with the default categories and the base currency) and look-ups.
 */
import type { Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { ZohoIdentity } from '../../auth/zoho-identity.js';
import { dialectOf } from '../../db/dialect.js';
import type { Database, OrganizationRow, UserRow } from '../../db/schema.js';
import { type BaseCurrencyHolds, decideBaseCurrencyChange } from '../../domain/base-currency.js';
import { isCurrencyCode } from '../../domain/money.js';
import { appError } from '../../errors.js';
import { assertFresh, nextModifiedTime } from '../../http/if-match.js';
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
      last_modified_time: now,
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

/** True when `tz` is an IANA time zone name the runtime knows (e.g. "Europe/London", "UTC"). */
export function isTimeZone(tz: string): boolean {
  if (tz.length === 0 || tz.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export interface Membership {
  org: OrganizationRow;
  user: UserRow;
}

/**
 * The organisations a Zoho identity belongs to (active memberships only), oldest membership first.
 * Matching follows sign-in: a user row with the caller's zuid, or one not yet linked with the email.
 */
export async function listMemberships(db: Db, identity: ZohoIdentity): Promise<Membership[]> {
  const rows = await db
    .selectFrom('users')
    .innerJoin('organizations', 'organizations.org_id', 'users.org_id')
    .selectAll('users')
    .select([
      'organizations.name as org_name',
      'organizations.base_currency',
      'organizations.time_zone',
      'organizations.settings',
      'organizations.created_time as org_created_time',
      'organizations.last_modified_time as org_last_modified_time',
    ])
    .where((eb) =>
      eb.or([
        eb('users.zuid', '=', identity.zuid),
        eb.and([eb('users.email', '=', identity.email.toLowerCase()), eb('users.zuid', 'is', null)]),
      ]),
    )
    .where('users.status', '=', 'active')
    .orderBy('users.created_time')
    .orderBy('users.user_id')
    .execute();
  const seen = new Set<string>();
  const out: Membership[] = [];
  for (const r of rows) {
    if (seen.has(r.org_id)) continue;
    seen.add(r.org_id);
    const {
      org_name,
      base_currency,
      time_zone,
      settings,
      org_created_time,
      org_last_modified_time,
      ...user
    } = r;
    out.push({
      org: {
        org_id: r.org_id,
        name: org_name,
        base_currency,
        time_zone,
        settings,
        created_time: org_created_time,
        last_modified_time: org_last_modified_time,
      },
      user,
    });
  }
  return out;
}

export interface OrganizationChanges {
  name?: string;
  base_currency?: string;
  time_zone?: string;
  settings?: Partial<OrgSettings>;
}

/**
 * The organisation's base currency, for a write that puts something in it (an exchange rate, an
 * approval threshold). On PostgreSQL it takes a FOR KEY SHARE lock on the organisation row, held
 * to the end of `trx`: that conflicts with the FOR UPDATE a base-currency change takes first
 * (updateOrganization), so the change either waits for this write to commit and then sees it, or
 * has committed already and this returns the new base. SQLite runs one write transaction at a time.
 */
export async function baseCurrencyForHold(trx: Transaction<Database>, orgId: string): Promise<string> {
  let q = trx.selectFrom('organizations').select('base_currency').where('org_id', '=', orgId);
  if (dialectOf(trx) === 'postgres') q = q.forKeyShare();
  const org = await q.executeTakeFirst();
  if (!org) throw appError('ORGANIZATION_NOT_FOUND');
  return org.base_currency;
}

/** What is written in the organisation's current base currency (domain/base-currency.ts). */
async function baseCurrencyHolds(
  db: Kysely<Database> | Transaction<Database>,
  orgId: string,
): Promise<BaseCurrencyHolds> {
  const expense = await db
    .selectFrom('expenses')
    .select('expense_id')
    .where('org_id', '=', orgId)
    .limit(1)
    .executeTakeFirst();
  const rates = await db
    .selectFrom('exchange_rates')
    .select('currency_code')
    .distinct()
    .where('org_id', '=', orgId)
    .execute();
  const rules = await db
    .selectFrom('approval_rules')
    .select('level')
    .where('org_id', '=', orgId)
    .where('min_total', 'is not', null)
    .execute();
  return {
    hasExpenses: expense !== undefined,
    rateCurrencies: rates.map((r) => r.currency_code),
    thresholdLevels: rules.map((r) => Number(r.level)),
  };
}

/**
 * Applies an admin's changes. The base currency may change only while nothing is written in it:
 * no expenses (Zoho: "once a transaction is created in base currency, it cannot be changed"), no
 * exchange rates and no approval thresholds, which a new base would silently reinterpret
 * (domain/base-currency.ts). With `expected` (the last_modified_time the admin loaded), a stale
 * update is refused and changes nothing.
 */
export async function updateOrganization(
  db: Kysely<Database>,
  orgId: string,
  changes: OrganizationChanges,
  expected: string | undefined,
  ctx: { clock: Clock },
): Promise<OrganizationRow> {
  return db.transaction().execute(async (trx) => {
    const postgres = dialectOf(trx) === 'postgres';
    let q = trx.selectFrom('organizations').selectAll().where('org_id', '=', orgId);
    // A base-currency change locks the row before it reads what holds the base, so a write adding
    // a rate or threshold (baseCurrencyForHold) cannot commit in between.
    if (postgres && changes.base_currency !== undefined) q = q.forUpdate();
    const org = await q.executeTakeFirst();
    if (!org) throw appError('ORGANIZATION_NOT_FOUND');
    assertFresh(expected, org.last_modified_time);
    const patch: Partial<OrganizationRow> = {};
    if (changes.name !== undefined) patch.name = changes.name;
    if (changes.time_zone !== undefined) {
      if (!isTimeZone(changes.time_zone)) {
        throw appError('INVALID_INPUT', `time_zone "${changes.time_zone}" is not a known time zone`);
      }
      patch.time_zone = changes.time_zone;
    }
    if (changes.base_currency !== undefined && changes.base_currency !== org.base_currency) {
      if (!isCurrencyCode(changes.base_currency)) {
        throw appError('INVALID_INPUT', `currency_code "${changes.base_currency}" is not a known currency`);
      }
      // Expenses hold no lock on the organisation row (no foreign key; the hot create path stays one
      // statement), so wait here for every expense insert in flight: SHARE conflicts with the ROW
      // EXCLUSIVE an INSERT takes, and the holds read below then sees what they wrote. New inserts
      // wait until this transaction ends; base changes are rare and short.
      if (postgres) await sql`LOCK TABLE expenses IN SHARE MODE`.execute(trx);
      const decision = decideBaseCurrencyChange(org.base_currency, await baseCurrencyHolds(trx, orgId));
      if (!decision.ok) {
        throw decision.reason === 'BASE_CURRENCY_IN_USE'
          ? appError('BASE_CURRENCY_IN_USE', decision.message)
          : appError('BASE_CURRENCY_LOCKED');
      }
      patch.base_currency = changes.base_currency;
      await trx
        .insertInto('currencies')
        .values({
          org_id: orgId,
          currency_code: changes.base_currency,
          created_time: ctx.clock().toISOString(),
        })
        .onConflict((oc) => oc.columns(['org_id', 'currency_code']).doNothing())
        .execute();
    }
    if (changes.settings !== undefined) {
      patch.settings = JSON.stringify({ ...readOrgSettings(org), ...changes.settings });
    }
    patch.last_modified_time = nextModifiedTime(ctx.clock(), org.last_modified_time);
    // Only if nobody changed it since it was read above: otherwise this update is the stale one.
    const res = await trx
      .updateTable('organizations')
      .set(patch)
      .where('org_id', '=', orgId)
      .where('last_modified_time', '=', org.last_modified_time)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw appError('STALE_UPDATE');
    return { ...org, ...patch };
  });
}

/**
 * Deals (CRM potentials), normally mirrored by the CRM sync; admins may also create and edit them.
 * Who sees which deals is visible-deals.ts's rule (the organisation's potentials mode).
 */
import type { Kysely, Transaction } from 'kysely';
import type { Member } from '../../auth/membership.js';
import { containsText } from '../../db/contains-text.js';
import type { DialectCapabilities } from '../../db/dialect.js';
import type { Database, DealRow } from '../../db/schema.js';
import { formatAmount, isCurrencyCode, parseAmount } from '../../domain/money.js';
import { appError } from '../../errors.js';
import { assertFresh, nextModifiedTime } from '../../http/if-match.js';
import type { Clock, IdGenerator } from '../../ids.js';
import { linkedLocalIds } from '../../sync/links.js';
import type { CreateDealBody, Deal, ListDealsQuery, UpdateDealBody } from './schemas.js';
import { visibleDeals } from './visible-deals.js';

type Db = Kysely<Database> | Transaction<Database>;

/** The forecast type a CRM stage name implies when the CRM does not say (standard Zoho stages). */
export function forecastTypeOfStage(stage: string): DealRow['forecast_type'] {
  const s = stage.trim().toLowerCase();
  if (s === 'closed won') return 'Closed Won';
  // "Closed Lost", "Closed-Lost to Competition", "Closed Lost to Competition".
  if (/^closed[\s-]+lost/.test(s)) return 'Closed Lost';
  return 'Open';
}

function selectDeals(db: Db, member: Member) {
  return visibleDeals(db, member)
    .leftJoin('users as owner', (j) =>
      j.onRef('owner.user_id', '=', 'deals.owner_id').onRef('owner.org_id', '=', 'deals.org_id'),
    )
    .leftJoin('contacts as account', (j) =>
      j.onRef('account.contact_id', '=', 'deals.account_id').onRef('account.org_id', '=', 'deals.org_id'),
    )
    .leftJoin('contacts as person', (j) =>
      j.onRef('person.contact_id', '=', 'deals.contact_id').onRef('person.org_id', '=', 'deals.org_id'),
    )
    .selectAll('deals')
    .select([
      'owner.name as owner_name',
      'account.contact_name as account_name',
      'person.contact_name as contact_name',
    ]);
}

function toDeal(
  r: DealRow & { owner_name: string | null; account_name: string | null; contact_name: string | null },
): Deal {
  let amount: number | null = null;
  if (r.amount !== null) {
    amount = isCurrencyCode(r.currency_code) ? formatAmount(r.amount, r.currency_code) : r.amount;
  }
  return {
    deal_id: r.deal_id,
    deal_name: r.deal_name,
    stage: r.stage,
    forecast_type: r.forecast_type,
    amount,
    currency_code: r.currency_code,
    closing_date: r.closing_date,
    owner_id: r.owner_id,
    owner_name: r.owner_name ?? null,
    account_id: r.account_id,
    account_name: r.account_name ?? null,
    contact_id: r.contact_id,
    contact_name: r.contact_name ?? null,
    created_time: r.created_time,
    last_modified_time: r.last_modified_time,
  };
}

export async function listDeals(
  db: Db,
  dialect: DialectCapabilities,
  member: Member,
  q: ListDealsQuery,
  window: { offset: number; limit: number },
): Promise<Deal[]> {
  let query = selectDeals(db, member);
  if (q.account_id) query = query.where('deals.account_id', '=', q.account_id);
  if (q.contact_id) query = query.where('deals.contact_id', '=', q.contact_id);
  if (q.customer_id) {
    const id = q.customer_id;
    query = query.where((eb) => eb.or([eb('deals.account_id', '=', id), eb('deals.contact_id', '=', id)]));
  }
  if (q.owner_id) query = query.where('deals.owner_id', '=', q.owner_id);
  if (q.stage) query = query.where('deals.stage', '=', q.stage);
  if (q.forecast_type) query = query.where('deals.forecast_type', '=', q.forecast_type);
  if (q.search_text) query = query.where(containsText(dialect, 'deals.deal_name', q.search_text));
  if (q.crm_id) {
    const linked = linkedLocalIds(db, member.org.org_id, 'crm', ['deals'], q.crm_id);
    query = query.where('deals.deal_id', 'in', linked);
  }
  const rows = await query
    .orderBy('deals.deal_name')
    .orderBy('deals.deal_id')
    .offset(window.offset)
    .limit(window.limit)
    .execute();
  return rows.map(toDeal);
}

export async function getDeal(db: Db, member: Member, id: string): Promise<Deal> {
  const row = await selectDeals(db, member).where('deals.deal_id', '=', id).executeTakeFirst();
  if (!row) throw appError('DEAL_NOT_FOUND');
  return toDeal(row);
}

type Refs = Pick<CreateDealBody, 'owner_id' | 'account_id' | 'contact_id'>;

/** Owner must be a user here, account a business customer, contact an individual customer. */
async function assertRefs(db: Db, orgId: string, refs: Refs) {
  if (refs.owner_id != null) {
    const u = await db
      .selectFrom('users')
      .select('user_id')
      .where('org_id', '=', orgId)
      .where('user_id', '=', refs.owner_id)
      .executeTakeFirst();
    if (!u) throw appError('INVALID_REFERENCE', `owner_id ${refs.owner_id} is not a user here`);
  }
  for (const [field, id, subType] of [
    ['account_id', refs.account_id, 'business'],
    ['contact_id', refs.contact_id, 'individual'],
  ] as const) {
    if (id == null) continue;
    const c = await db
      .selectFrom('contacts')
      .select('customer_sub_type')
      .where('org_id', '=', orgId)
      .where('contact_id', '=', id)
      .executeTakeFirst();
    if (!c) throw appError('INVALID_REFERENCE', `${field} ${id} is not a customer here`);
    if (c.customer_sub_type !== subType) {
      throw appError('INVALID_INPUT', `${field} ${id} must be a ${subType} customer`);
    }
  }
}

function amountMinor(amount: number | null, currency: string): number | null {
  if (amount === null) return null;
  const parsed = parseAmount(amount, currency);
  if (!parsed.ok || parsed.minor < 0) {
    throw appError('INVALID_AMOUNT', `amount is not a valid ${currency} amount`);
  }
  return parsed.minor;
}

function assertCurrency(code: string) {
  if (!isCurrencyCode(code))
    throw appError('INVALID_INPUT', `currency_code "${code}" is not a known currency`);
}

export async function createDeal(
  db: Kysely<Database>,
  member: Member,
  input: CreateDealBody,
  ctx: { clock: Clock; ids: IdGenerator },
): Promise<Deal> {
  const orgId = member.org.org_id;
  const currency = input.currency_code ?? member.org.base_currency;
  assertCurrency(currency);
  await assertRefs(db, orgId, input);
  const now = ctx.clock().toISOString();
  const id = ctx.ids();
  await db
    .insertInto('deals')
    .values({
      deal_id: id,
      org_id: orgId,
      deal_name: input.deal_name,
      stage: input.stage,
      forecast_type: input.forecast_type ?? forecastTypeOfStage(input.stage),
      amount: amountMinor(input.amount ?? null, currency),
      currency_code: currency,
      closing_date: input.closing_date ?? null,
      owner_id: input.owner_id ?? null,
      account_id: input.account_id ?? null,
      contact_id: input.contact_id ?? null,
      created_time: now,
      last_modified_time: now,
    })
    .execute();
  return getDeal(db, member, id);
}

export async function updateDeal(
  db: Kysely<Database>,
  member: Member,
  id: string,
  changes: Omit<UpdateDealBody, 'last_modified_time'>,
  expected: string | undefined,
  ctx: { clock: Clock },
): Promise<Deal> {
  const orgId = member.org.org_id;
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('deals')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('deal_id', '=', id)
      .executeTakeFirst();
    if (!row) throw appError('DEAL_NOT_FOUND');
    assertFresh(expected, row.last_modified_time);
    await assertRefs(trx, orgId, changes);
    const currency = changes.currency_code ?? row.currency_code;
    assertCurrency(currency);
    const { amount, stage, forecast_type, ...rest } = changes;
    const patch: Partial<DealRow> = Object.fromEntries(
      Object.entries(rest).filter(([, v]) => v !== undefined),
    );
    // A reference set here stands: the CRM deals sync no longer fills it from the CRM record it
    // remembers (until the deal is next read from CRM).
    if (patch.owner_id !== undefined) {
      patch.crm_owner_id = null;
      patch.crm_owner_email = null;
    }
    if (patch.account_id !== undefined) patch.crm_account_id = null;
    if (patch.contact_id !== undefined) patch.crm_contact_id = null;
    if (stage !== undefined) {
      patch.stage = stage;
      patch.forecast_type = forecast_type ?? forecastTypeOfStage(stage);
    } else if (forecast_type !== undefined) {
      patch.forecast_type = forecast_type;
    }
    if (amount !== undefined) patch.amount = amountMinor(amount, currency);
    else if (changes.currency_code !== undefined && row.amount !== null && row.currency_code !== currency) {
      throw appError('INVALID_INPUT', 'Send the amount together with a new currency_code');
    }
    const res = await trx
      .updateTable('deals')
      .set({ ...patch, last_modified_time: nextModifiedTime(ctx.clock(), row.last_modified_time) })
      .where('org_id', '=', orgId)
      .where('deal_id', '=', id)
      .where('last_modified_time', '=', row.last_modified_time)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw appError('STALE_UPDATE');
    return getDeal(trx, member, id);
  });
}

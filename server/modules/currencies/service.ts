/**
 * Currencies an organisation accepts and their exchange rates by date. A rate is base-currency units
 * per one foreign unit (Zoho's exchange_rate), kept as an exact decimal string; the rate that applies
 * on a day is the latest one whose effective_date is on or before it.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database, OrganizationRow } from '../../db/schema.js';
import { currencyExponent, isCurrencyCode, isValidRate } from '../../domain/money.js';
import { appError } from '../../errors.js';
import type { Clock, IdGenerator } from '../../ids.js';
import { baseCurrencyForHold } from '../organizations/service.js';
import type { Currency, ExchangeRate } from './schemas.js';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * The exchange rate of `currency` on `date` for the organisation: the latest rate with
 * effective_date ≤ date; "1" for the base currency; undefined when there is none.
 * @example await rateOn(db, orgId, 'EUR', '2026-03-01') // "1.08"
 */
export async function rateOn(
  db: Db,
  orgId: string,
  currency: string,
  date: string,
): Promise<string | undefined> {
  const org = await db
    .selectFrom('organizations')
    .select('base_currency')
    .where('org_id', '=', orgId)
    .executeTakeFirst();
  if (!org) return undefined;
  if (org.base_currency === currency) return '1';
  const row = await db
    .selectFrom('exchange_rates')
    .select('rate')
    .where('org_id', '=', orgId)
    .where('currency_code', '=', currency)
    .where('effective_date', '<=', date)
    .orderBy('effective_date', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.rate;
}

/**
 * A rate from the API (decimal string or JSON number) → its canonical decimal string, or undefined
 * when it is not a positive decimal with at most 12 places. Numbers go through their shortest
 * decimal form, never through arithmetic.
 */
export function normalizeRate(value: string | number): string | undefined {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value <= 0) return undefined;
    text = /e/i.test(String(value)) ? value.toFixed(12) : String(value);
  } else {
    text = value.trim();
  }
  const m = /^0*(\d+?)(?:\.(\d*?)0*)?$/.exec(text);
  if (!m) return undefined;
  const canonical = m[2] ? `${m[1]}.${m[2]}` : `${m[1]}`;
  return isValidRate(canonical) ? canonical : undefined;
}

function todayOf(clock: Clock): string {
  return clock().toISOString().slice(0, 10);
}

export async function listCurrencies(db: Db, org: OrganizationRow, clock: Clock): Promise<Currency[]> {
  const rows = await db
    .selectFrom('currencies')
    .selectAll()
    .where('org_id', '=', org.org_id)
    .orderBy('currency_code')
    .execute();
  const today = todayOf(clock);
  const out: Currency[] = [];
  for (const r of rows) {
    const isBase = r.currency_code === org.base_currency;
    const latest = isBase
      ? undefined
      : await db
          .selectFrom('exchange_rates')
          .select(['rate', 'effective_date'])
          .where('org_id', '=', org.org_id)
          .where('currency_code', '=', r.currency_code)
          .where('effective_date', '<=', today)
          .orderBy('effective_date', 'desc')
          .limit(1)
          .executeTakeFirst();
    out.push({
      currency_code: r.currency_code,
      price_precision: currencyExponent(r.currency_code),
      is_base_currency: isBase,
      exchange_rate: isBase ? 1 : latest ? Number(latest.rate) : null,
      effective_date: latest?.effective_date ?? null,
      created_time: r.created_time,
    });
  }
  // Base currency first, as Zoho lists it.
  return out.sort((a, b) => Number(b.is_base_currency) - Number(a.is_base_currency));
}

/** Refuses a code the organisation has not enabled (404: the currency is not a resource here). */
export async function assertEnabled(db: Db, orgId: string, code: string): Promise<void> {
  const row = await db
    .selectFrom('currencies')
    .select('currency_code')
    .where('org_id', '=', orgId)
    .where('currency_code', '=', code)
    .executeTakeFirst();
  if (!row) throw appError('NOT_FOUND', `The currency ${code} is not enabled for this organisation.`);
}

/** Writes a rate in `trx`, against the base read under the hold lock (not the request's, which may be stale). */
async function upsertRate(
  trx: Transaction<Database>,
  orgId: string,
  code: string,
  effectiveDate: string,
  rate: string | number,
  ctx: { clock: Clock; ids: IdGenerator },
): Promise<ExchangeRate> {
  const base = await baseCurrencyForHold(trx, orgId);
  if (code === base) {
    throw appError('INVALID_INPUT', `${code} is the base currency; its rate is always 1`);
  }
  const canonical = normalizeRate(rate);
  if (canonical === undefined) {
    throw appError('INVALID_INPUT', 'rate must be a positive decimal with at most 12 decimal places');
  }
  const row = {
    rate_id: ctx.ids(),
    org_id: orgId,
    currency_code: code,
    effective_date: effectiveDate,
    rate: canonical,
    created_time: ctx.clock().toISOString(),
  };
  // One rate per currency and day: a second one for the same day corrects the first.
  await trx
    .insertInto('exchange_rates')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['org_id', 'currency_code', 'effective_date']).doUpdateSet({ rate: canonical }),
    )
    .execute();
  const stored = await trx
    .selectFrom('exchange_rates')
    .select(['rate_id', 'currency_code', 'effective_date', 'rate', 'created_time'])
    .where('org_id', '=', orgId)
    .where('currency_code', '=', code)
    .where('effective_date', '=', effectiveDate)
    .executeTakeFirstOrThrow();
  return stored;
}

export async function addCurrency(
  db: Kysely<Database>,
  org: OrganizationRow,
  input: {
    currency_code: string;
    exchange_rate?: string | number | undefined;
    effective_date?: string | undefined;
  },
  ctx: { clock: Clock; ids: IdGenerator },
): Promise<Currency> {
  const code = input.currency_code;
  if (!isCurrencyCode(code))
    throw appError('INVALID_INPUT', `currency_code "${code}" is not a known currency`);
  if (input.effective_date !== undefined && input.exchange_rate === undefined) {
    throw appError('INVALID_INPUT', 'effective_date needs an exchange_rate');
  }
  await db.transaction().execute(async (trx) => {
    const exists = await trx
      .selectFrom('currencies')
      .select('currency_code')
      .where('org_id', '=', org.org_id)
      .where('currency_code', '=', code)
      .executeTakeFirst();
    if (exists) throw appError('DUPLICATE', `The currency ${code} is already enabled.`);
    await trx
      .insertInto('currencies')
      .values({ org_id: org.org_id, currency_code: code, created_time: ctx.clock().toISOString() })
      .execute();
    if (input.exchange_rate !== undefined) {
      await upsertRate(
        trx,
        org.org_id,
        code,
        input.effective_date ?? todayOf(ctx.clock),
        input.exchange_rate,
        ctx,
      );
    }
  });
  const all = await listCurrencies(db, org, ctx.clock);
  const added = all.find((c) => c.currency_code === code);
  if (!added) throw appError('NOT_FOUND');
  return added;
}

export async function listRates(
  db: Db,
  orgId: string,
  code: string,
  range: { from_date?: string | undefined; to_date?: string | undefined },
  window: { offset: number; limit: number },
): Promise<ExchangeRate[]> {
  await assertEnabled(db, orgId, code);
  let q = db
    .selectFrom('exchange_rates')
    .select(['rate_id', 'currency_code', 'effective_date', 'rate', 'created_time'])
    .where('org_id', '=', orgId)
    .where('currency_code', '=', code);
  if (range.from_date) q = q.where('effective_date', '>=', range.from_date);
  if (range.to_date) q = q.where('effective_date', '<=', range.to_date);
  return q.orderBy('effective_date', 'desc').offset(window.offset).limit(window.limit).execute();
}

export async function addRate(
  db: Kysely<Database>,
  org: OrganizationRow,
  code: string,
  input: { effective_date: string; rate: string | number },
  ctx: { clock: Clock; ids: IdGenerator },
): Promise<ExchangeRate> {
  return db.transaction().execute(async (trx) => {
    await assertEnabled(trx, org.org_id, code);
    return upsertRate(trx, org.org_id, code, input.effective_date, input.rate, ctx);
  });
}

/** What still uses the currency ("expenses", "per diem policies"), or undefined when nothing does. */
async function currencyUsage(db: Db, orgId: string, code: string): Promise<string | undefined> {
  const expense = await db
    .selectFrom('expenses')
    .select('expense_id')
    .where('org_id', '=', orgId)
    .where('currency_code', '=', code)
    .limit(1)
    .executeTakeFirst();
  if (expense) return 'expenses';
  const policy = await db
    .selectFrom('per_diem_policies')
    .select('policy_id')
    .where('org_id', '=', orgId)
    .where('currency_code', '=', code)
    .limit(1)
    .executeTakeFirst();
  if (policy) return 'per diem policies';
  return undefined;
}

/**
 * Deletes an enabled currency and its exchange rates. The base currency, and a currency that
 * expenses or per diem policies use, are refused and stay as they are.
 */
export async function deleteCurrency(db: Kysely<Database>, orgId: string, code: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await assertEnabled(trx, orgId, code);
    // Read inside the transaction: the base currency may have changed since the request began.
    const org = await trx
      .selectFrom('organizations')
      .select('base_currency')
      .where('org_id', '=', orgId)
      .executeTakeFirstOrThrow();
    if (org.base_currency === code) {
      throw appError('CURRENCY_IN_USE', `${code} is the base currency and cannot be deleted.`);
    }
    const usedBy = await currencyUsage(trx, orgId, code);
    if (usedBy) throw appError('CURRENCY_IN_USE', `${code} is used by ${usedBy} and cannot be deleted.`);
    await trx
      .deleteFrom('exchange_rates')
      .where('org_id', '=', orgId)
      .where('currency_code', '=', code)
      .execute();
    await trx
      .deleteFrom('currencies')
      .where('org_id', '=', orgId)
      .where('currency_code', '=', code)
      .execute();
  });
}

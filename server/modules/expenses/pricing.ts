/**
 * Turns the decimal amount a caller sends into minor units, and prices it in the org's base
 * currency at the exchange rate of the expense's date.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database, OrganizationRow } from '../../db/schema.js';
import { convertToBase, currencyExponent, isCurrencyCode, parseAmount } from '../../domain/money.js';
import { appError } from '../../errors.js';
import { rateOn } from '../currencies/service.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface Priced {
  amount: number;
  currency_code: string;
  exchange_rate: string;
  base_amount: number;
}

/** Rejects a currency that is not ISO 4217 or not enabled for the organisation. */
export async function assertCurrencyEnabled(db: Db, org: OrganizationRow, code: string): Promise<void> {
  if (!isCurrencyCode(code))
    throw appError('INVALID_CURRENCY', `currency_code ${code} is not an ISO 4217 currency`);
  if (code === org.base_currency) return;
  const row = await db
    .selectFrom('currencies')
    .select('currency_code')
    .where('org_id', '=', org.org_id)
    .where('currency_code', '=', code)
    .executeTakeFirst();
  if (!row) throw appError('INVALID_CURRENCY', `currency_code ${code} is not enabled for this organisation`);
}

/** Parses a positive decimal amount into minor units of `currency` (400 naming the problem otherwise). */
export function parsePositiveAmount(value: number | string, currency: string, field = 'amount'): number {
  const parsed = parseAmount(value, currency);
  if (!parsed.ok) {
    const why =
      parsed.reason === 'TOO_MANY_DECIMALS'
        ? `has more than ${currencyExponent(currency)} decimal places, which ${currency} allows`
        : parsed.reason === 'OUT_OF_RANGE'
          ? 'is too large'
          : 'is not a number';
    throw appError('INVALID_AMOUNT', `${field} ${why}`);
  }
  if (parsed.minor <= 0) throw appError('INVALID_AMOUNT', `${field} must be greater than zero`);
  return parsed.minor;
}

/** Minor units in `currency` → the stored amount, the rate of `date` and the base amount. */
export async function priceMinor(
  db: Db,
  org: OrganizationRow,
  minor: number,
  currency: string,
  date: string,
): Promise<Priced> {
  await assertCurrencyEnabled(db, org, currency);
  const rate = currency === org.base_currency ? '1' : await rateOn(db, org.org_id, currency, date);
  if (rate === undefined) {
    throw appError('NO_EXCHANGE_RATE', `There is no ${currency} exchange rate on or before ${date}`);
  }
  let base: number;
  try {
    base = convertToBase(minor, currency, org.base_currency, rate);
  } catch {
    throw appError('INVALID_AMOUNT', 'amount is too large once converted to the base currency');
  }
  return { amount: minor, currency_code: currency, exchange_rate: rate, base_amount: base };
}

/** A decimal amount in `currency` (base currency when omitted) → priced minor units. */
export async function priceExpense(
  db: Db,
  org: OrganizationRow,
  amount: number,
  currency: string | undefined,
  date: string,
): Promise<Priced> {
  const code = currency ?? org.base_currency;
  if (!isCurrencyCode(code))
    throw appError('INVALID_CURRENCY', `currency_code ${code} is not an ISO 4217 currency`);
  return priceMinor(db, org, parsePositiveAmount(amount, code), code, date);
}

import type { Expense } from '../../api/types.js';

/** "2026-01-16" → "16 Jan 2026": a date nobody misreads as month/day. UTC so no day shifts. */
const DAY = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});

export function formatDay(isoDate: string): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? isoDate : DAY.format(d);
}

/** "USD 42.50": the code rather than a symbol, since "$" alone could be several currencies. */
export function formatAmountWithCode(amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat(undefined, {
      style: 'currency',
      currency,
      currencyDisplay: 'code',
    }).format(amount);
  } catch {
    return `${currency} ${amount}`;
  }
}

/**
 * What the duplicate notice says. `other` is the expense it probably duplicates (null when it could
 * not be read), `more` how many further expenses match, `myUserId` who reads it ("you recorded").
 *
 * @example
 * describeDuplicate(blueBottle, 0, 'u1')
 * // "This looks like a duplicate of an expense you recorded on 16 Jan 2026 at Blue Bottle (USD 42.50)."
 */
export function describeDuplicate(other: Expense | null, more: number, myUserId: string): string {
  if (!other) {
    return more > 0
      ? `This looks like a duplicate of ${more + 1} other expenses, which could not be loaded just now.`
      : 'This looks like a duplicate of another expense, which could not be loaded just now.';
  }
  const who = other.user_id === myUserId ? 'you' : other.user_name || 'someone';
  const where = other.merchant_name ? ` at ${other.merchant_name}` : '';
  const also =
    more === 1 ? ' 1 more expense also matches.' : more > 1 ? ` ${more} more expenses also match.` : '';
  const what = formatAmountWithCode(other.amount, other.currency_code);
  return `This looks like a duplicate of an expense ${who} recorded on ${formatDay(other.date)}${where} (${what}).${also}`;
}

/**
 * When an organisation's base currency may change. Zoho: "Once a transaction is created in base
 * currency, it cannot be changed". Two settings are also written in the base currency, and a new
 * base would silently change what they mean: an exchange rate is "base units per one foreign
 * unit", and an approval level "above an amount" holds that amount in base minor units (1,000.00
 * USD would become 1,000.00 EUR, or 100,000 JPY for a JPY base). So the base may change only while
 * nothing is written in it: no expenses, no exchange rates, no approval thresholds. The admin
 * removes those first and enters them again in the new base, knowing what each one means.
 */

/** What is written in the current base currency. */
export interface BaseCurrencyHolds {
  hasExpenses: boolean;
  /** Currencies that have exchange rates entered (against the current base). */
  rateCurrencies: readonly string[];
  /** Approval levels whose rule applies above an amount (in the current base). */
  thresholdLevels: readonly number[];
}

export type BaseCurrencyDecision =
  | { ok: true }
  | { ok: false; reason: 'BASE_CURRENCY_LOCKED' }
  | { ok: false; reason: 'BASE_CURRENCY_IN_USE'; message: string };

const listOf = (items: readonly (string | number)[]) =>
  items.length <= 1
    ? items.join('')
    : `${items.slice(0, -1).join(', ')} and ${String(items[items.length - 1])}`;

/**
 * Decides whether the base currency may move from `base` to another currency.
 * @example decideBaseCurrencyChange('USD', { hasExpenses: false, rateCurrencies: ['EUR'], thresholdLevels: [] })
 * // { ok: false, reason: 'BASE_CURRENCY_IN_USE', message: 'The base currency USD cannot change while … EUR …' }
 */
export function decideBaseCurrencyChange(base: string, holds: BaseCurrencyHolds): BaseCurrencyDecision {
  if (holds.hasExpenses) return { ok: false, reason: 'BASE_CURRENCY_LOCKED' };
  const what: string[] = [];
  const rates = [...new Set(holds.rateCurrencies)].sort();
  const levels = [...new Set(holds.thresholdLevels)].sort((a, b) => a - b);
  if (rates.length > 0) {
    what.push(`the exchange rates of ${listOf(rates)} (settings/currencies)`);
  }
  if (levels.length > 0) {
    const noun = levels.length === 1 ? 'level' : 'levels';
    what.push(`the amount thresholds of approval ${noun} ${listOf(levels)} (settings/approvalrules)`);
  }
  if (what.length === 0) return { ok: true };
  return {
    ok: false,
    reason: 'BASE_CURRENCY_IN_USE',
    message:
      `The base currency ${base} cannot change while ${what.join(' and ')} are expressed in it. ` +
      'Remove them, change the base currency, then enter them again in the new one.',
  };
}

/** Decimal places of a currency from Intl (JPY 0, USD 2, KWD 3): never hard-wire 2. */
export function currencyDecimals(currency: string): number {
  try {
    return (
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ??
      2
    );
  } catch {
    return 2;
  }
}

/**
 * Checks an amount as the user typed it. Returns the number, or a sentence saying what is wrong.
 * @example checkAmount('12.345', 'USD') // 'USD amounts have at most 2 decimal places.'
 */
export function checkAmount(typed: string, currency: string): number | string {
  const text = typed.trim().replace(/,/g, '');
  if (!text) return 'Enter an amount.';
  if (!/^\d+(\.\d+)?$/.test(text)) return 'Enter the amount as a number, like 12.50.';
  const decimals = currencyDecimals(currency);
  const fraction = text.split('.')[1] ?? '';
  if (fraction.length > decimals) {
    return decimals === 0
      ? `${currency} amounts have no decimal places.`
      : `${currency} amounts have at most ${decimals} decimal places.`;
  }
  const n = Number(text);
  if (n <= 0) return 'The amount must be more than zero.';
  return n;
}

/** Formats an amount per its currency with Intl. */
export function formatMoney(amount: number | string, currency: string, locale?: string): string {
  const n = typeof amount === 'number' ? amount : Number(amount);
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(n);
  } catch {
    return `${n} ${currency}`;
  }
}

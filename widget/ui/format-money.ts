const formatters = new Map<string, Intl.NumberFormat>();

/**
 * "1234.5" + "EUR" → "€1,234.50" with the currency's own decimals (JPY none, KWD three).
 * The API sends decimals as strings; they are only formatted here, never used for arithmetic.
 */
export function formatMoney(amount: string | number, currencyCode: string, locale?: string): string {
  const key = `${locale ?? ''}|${currencyCode}`;
  let fmt = formatters.get(key);
  if (!fmt) {
    try {
      fmt = new Intl.NumberFormat(locale, { style: 'currency', currency: currencyCode });
    } catch {
      // An unknown code still shows the number and the code rather than throwing in a render.
      return `${amount} ${currencyCode}`;
    }
    formatters.set(key, fmt);
  }
  const n = typeof amount === 'number' ? amount : Number(amount);
  return Number.isFinite(n) ? fmt.format(n) : `${amount} ${currencyCode}`;
}

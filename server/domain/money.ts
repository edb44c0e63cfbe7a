/**
 * Money is integer minor units everywhere inside DealSpend (cents for USD, yen for JPY, fils for
 * KWD). Decimals exist only at the API edge: parseAmount on the way in, formatAmount on the way out.
 * Never `float * 100`: the exponent comes from the ISO 4217 table below.
 */

/** An amount in minor units of some currency. */
export type Minor = number;

/** Largest magnitude we accept, so sums of many amounts stay exact in a double (after Actual's safeNumber). */
export const MAX_MINOR = 2 ** 51 - 1;

/** Throws unless n is an integer amount within ±MAX_MINOR. */
export function assertMinor(n: number): Minor {
  if (!Number.isInteger(n) || Math.abs(n) > MAX_MINOR)
    throw new RangeError(`not a safe minor-unit amount: ${n}`);
  return n;
}

/**
 * ISO 4217 minor-unit exponents for the currencies that differ from 2. Everything else listed in
 * CURRENCY_CODES uses 2.
 */
const EXPONENTS: Readonly<Record<string, number>> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  CLF: 4,
  UYW: 4,
};

/** Active ISO 4217 codes DealSpend accepts. */
export const CURRENCY_CODES: readonly string[] = Object.freeze(
  (
    'AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD CAD ' +
    'CDF CHF CLF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF ' +
    'GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP ' +
    'LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB ' +
    'PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL ' +
    'THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYI UYU UYW UZS VES VND VUV WST XAF XCD XOF XPF YER ZAR ZMW ZWL'
  ).split(' '),
);
const CURRENCY_SET = new Set(CURRENCY_CODES);

export function isCurrencyCode(code: string): boolean {
  return CURRENCY_SET.has(code);
}

/** Number of decimal places of a currency's minor unit (JPY 0, USD 2, KWD 3). */
export function currencyExponent(code: string): number {
  if (!CURRENCY_SET.has(code)) throw new RangeError(`unknown currency ${code}`);
  return EXPONENTS[code] ?? 2;
}

export type ParseResult =
  | { ok: true; minor: Minor }
  | { ok: false; reason: 'NOT_A_NUMBER' | 'TOO_MANY_DECIMALS' | 'OUT_OF_RANGE' };

/**
 * Parses a decimal amount ("12.50", "1200", 12.5) into minor units without floating-point
 * arithmetic. Numbers are converted through their shortest decimal representation.
 * @example parseAmount('12.5', 'USD') // { ok: true, minor: 1250 }
 */
export function parseAmount(value: string | number, currency: string): ParseResult {
  const exp = currencyExponent(currency);
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return { ok: false, reason: 'NOT_A_NUMBER' };
    text = decimalString(value);
  } else {
    text = value.trim();
  }
  const m = /^(-)?(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) return { ok: false, reason: 'NOT_A_NUMBER' };
  const [, sign, whole, fracRaw = ''] = m;
  const frac = fracRaw.replace(/0+$/, '');
  if (frac.length > exp) return { ok: false, reason: 'TOO_MANY_DECIMALS' };
  if ((whole ?? '').replace(/^0+/, '').length > 16) return { ok: false, reason: 'OUT_OF_RANGE' };
  const digits = BigInt(`${whole}${frac.padEnd(exp, '0')}`);
  const minor = Number(sign ? -digits : digits);
  if (Math.abs(minor) > MAX_MINOR) return { ok: false, reason: 'OUT_OF_RANGE' };
  return { ok: true, minor };
}

/** A number's plain decimal form (no exponent), e.g. 1e-7 → "0.0000001". */
function decimalString(n: number): string {
  const s = String(n);
  if (!/e/i.test(s)) return s;
  return n.toFixed(20).replace(/\.?0+$/, '');
}

/**
 * Minor units → the decimal number the API shows (Zoho shows amounts as JSON numbers).
 * @example formatAmount(1250, 'USD') // 12.5
 */
export function formatAmount(minor: Minor, currency: string): number {
  const exp = currencyExponent(currency);
  return Number(minorToDecimalString(minor, exp));
}

/** Minor units → exact decimal string with the currency's places, e.g. 1250 USD → "12.50". */
export function minorToDecimalString(minor: Minor, exponent: number): string {
  const neg = minor < 0;
  const digits = String(Math.abs(minor)).padStart(exponent + 1, '0');
  const whole = exponent === 0 ? digits : digits.slice(0, -exponent);
  const frac = exponent === 0 ? '' : `.${digits.slice(-exponent)}`;
  return `${neg ? '-' : ''}${whole}${frac}`;
}

/** True when s is a positive decimal rate like "1", "0.92", "66.943366" (at most 12 places). */
export function isValidRate(s: string): boolean {
  return /^\d{1,12}(\.\d{1,12})?$/.test(s) && /[1-9]/.test(s);
}

/**
 * Converts an amount to the base currency: base = amount × rate, where rate is base units per
 * one foreign unit (as Zoho's exchange_rate). Exact: done in BigInt over the rate's decimal digits.
 * Rounding rule: half away from zero, to the base currency's minor unit.
 * @example convertToBase(20765, 'USD', 'INR', '66.943366') // 1390079 (13,900.79 INR)
 */
export function convertToBase(amount: Minor, from: string, base: string, rate: string): Minor {
  if (from === base) return amount;
  if (!isValidRate(rate)) throw new RangeError(`invalid exchange rate ${rate}`);
  const [intPart, fracPart = ''] = rate.split('.');
  const rateScaled = BigInt(`${intPart}${fracPart}`);
  const rateScale = fracPart.length;
  // amount_minor / 10^ef * rate = base_minor / 10^eb  →  base_minor = amount * rateScaled * 10^(eb-ef) / 10^rateScale
  const shift = currencyExponent(base) - currencyExponent(from) - rateScale;
  let numerator = BigInt(amount) * rateScaled;
  let denominator = 1n;
  if (shift >= 0) numerator *= 10n ** BigInt(shift);
  else denominator = 10n ** BigInt(-shift);
  const neg = numerator < 0n;
  const abs = neg ? -numerator : numerator;
  let q = abs / denominator;
  if ((abs % denominator) * 2n >= denominator) q += 1n;
  return assertMinor(Number(neg ? -q : q));
}

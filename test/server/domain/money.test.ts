import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assertMinor,
  CURRENCY_CODES,
  convertToBase,
  currencyExponent,
  formatAmount,
  MAX_MINOR,
  minorToDecimalString,
  parseAmount,
} from '../../../server/domain/money.js';

describe('currency exponents', () => {
  it('JPY has 0 decimals, USD 2 and KWD 3', () => {
    expect(currencyExponent('JPY')).toBe(0);
    expect(currencyExponent('USD')).toBe(2);
    expect(currencyExponent('KWD')).toBe(3);
  });

  it('an unknown currency code is refused', () => {
    expect(() => currencyExponent('XXX')).toThrow(RangeError);
  });
});

describe('parseAmount', () => {
  it('parses decimals into minor units of the currency', () => {
    expect(parseAmount('12.5', 'USD')).toEqual({ ok: true, minor: 1250 });
    expect(parseAmount(12.5, 'USD')).toEqual({ ok: true, minor: 1250 });
    expect(parseAmount('1200', 'JPY')).toEqual({ ok: true, minor: 1200 });
    expect(parseAmount('1.234', 'KWD')).toEqual({ ok: true, minor: 1234 });
    expect(parseAmount(0.1, 'USD')).toEqual({ ok: true, minor: 10 });
  });

  it('refuses more decimals than the currency has', () => {
    expect(parseAmount('1.5', 'JPY')).toEqual({ ok: false, reason: 'TOO_MANY_DECIMALS' });
    expect(parseAmount('1.2345', 'KWD')).toEqual({ ok: false, reason: 'TOO_MANY_DECIMALS' });
    expect(parseAmount(12.345, 'USD')).toEqual({ ok: false, reason: 'TOO_MANY_DECIMALS' });
  });

  it('ignores trailing zeros beyond the exponent', () => {
    expect(parseAmount('7.000', 'JPY')).toEqual({ ok: true, minor: 7 });
  });

  it('refuses text that is not a decimal number', () => {
    for (const bad of ['', 'abc', '1e5', '1,000', '--1', '.5', '1.', 'NaN']) {
      expect(parseAmount(bad, 'USD').ok, bad).toBe(false);
    }
    expect(parseAmount(Number.POSITIVE_INFINITY, 'USD')).toEqual({ ok: false, reason: 'NOT_A_NUMBER' });
  });

  it('refuses amounts beyond the safe range', () => {
    expect(parseAmount('99999999999999999', 'USD')).toEqual({ ok: false, reason: 'OUT_OF_RANGE' });
  });

  it('formats and parses back to the same minor units for every currency (round trip)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CURRENCY_CODES),
        fc.integer({ min: -1e12, max: 1e12 }),
        (currency, minor) => {
          const text = minorToDecimalString(minor, currencyExponent(currency));
          expect(parseAmount(text, currency)).toEqual({ ok: true, minor });
          expect(parseAmount(formatAmount(minor, currency), currency)).toEqual({ ok: true, minor });
        },
      ),
    );
  });
});

describe('formatAmount', () => {
  it('shows minor units as the decimal number Zoho shows', () => {
    expect(formatAmount(1250, 'USD')).toBe(12.5);
    expect(formatAmount(1200, 'JPY')).toBe(1200);
    expect(formatAmount(1234, 'KWD')).toBe(1.234);
    expect(formatAmount(-5, 'USD')).toBe(-0.05);
    expect(minorToDecimalString(5, 3)).toBe('0.005');
  });
});

describe('assertMinor', () => {
  it('accepts safe integers and refuses fractions and huge values', () => {
    expect(assertMinor(42)).toBe(42);
    expect(() => assertMinor(1.5)).toThrow(RangeError);
    expect(() => assertMinor(MAX_MINOR + 1)).toThrow(RangeError);
  });
});

describe('convertToBase', () => {
  it('reproduces the Zoho example: 207.65 USD × 66.943366 = 13,900.79 INR', () => {
    expect(convertToBase(20765, 'USD', 'INR', '66.943366')).toBe(1390079);
  });

  it('returns the amount unchanged in the base currency', () => {
    expect(convertToBase(12345, 'USD', 'USD', '1')).toBe(12345);
  });

  it('converts across exponents (JPY → USD, USD → KWD)', () => {
    expect(convertToBase(1000, 'JPY', 'USD', '0.0067')).toBe(670); // ¥1000 → $6.70
    expect(convertToBase(100, 'USD', 'KWD', '0.307')).toBe(307); // $1.00 → 0.307 KWD
  });

  it('rounds half away from zero', () => {
    // 0.05 USD × 0.5 = 0.025 → 0.03; −0.05 × 0.5 = −0.025 → −0.03
    expect(convertToBase(5, 'USD', 'EUR', '0.5')).toBe(3);
    expect(convertToBase(-5, 'USD', 'EUR', '0.5')).toBe(-3);
    // 0.01 × 0.4 = 0.004 → 0.00
    expect(convertToBase(1, 'USD', 'EUR', '0.4')).toBe(0);
  });

  it('is the exact product rounded half away from zero (property, checked in BigInt)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e9, max: 1e9 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 0, max: 6 }),
        (amount, rateDigits, rateScale) => {
          const digits = String(rateDigits).padStart(rateScale + 1, '0');
          const rate =
            rateScale === 0 ? digits : `${digits.slice(0, -rateScale)}.${digits.slice(-rateScale)}`;
          const got = convertToBase(amount, 'USD', 'EUR', rate);
          // exact = amount × rateDigits / 10^rateScale; |got − exact| ≤ 1/2 and ties go away from zero
          const num = BigInt(amount) * BigInt(rateDigits);
          const den = 10n ** BigInt(rateScale);
          const twice = 2n * (BigInt(got) * den - num);
          expect(twice <= den && twice >= -den).toBe(true);
          if (twice === den) expect(num > 0n).toBe(true); // rounded up: only a positive tie
          if (twice === -den) expect(num < 0n).toBe(true); // rounded down: only a negative tie
        },
      ),
    );
  });

  it('refuses an invalid rate', () => {
    expect(() => convertToBase(100, 'USD', 'EUR', '-1')).toThrow(RangeError);
    expect(() => convertToBase(100, 'USD', 'EUR', '0')).toThrow(RangeError);
  });
});

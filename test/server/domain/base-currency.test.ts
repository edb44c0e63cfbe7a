import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideBaseCurrencyChange } from '../../../server/domain/base-currency.js';

const NOTHING = { hasExpenses: false, rateCurrencies: [], thresholdLevels: [] };

describe('decideBaseCurrencyChange', () => {
  it('allows the change while nothing is written in the base currency', () => {
    expect(decideBaseCurrencyChange('USD', NOTHING)).toEqual({ ok: true });
  });

  it('refuses it once an expense exists, whatever else there is', () => {
    expect(decideBaseCurrencyChange('USD', { ...NOTHING, hasExpenses: true })).toEqual({
      ok: false,
      reason: 'BASE_CURRENCY_LOCKED',
    });
    expect(
      decideBaseCurrencyChange('USD', { hasExpenses: true, rateCurrencies: ['EUR'], thresholdLevels: [2] }),
    ).toEqual({ ok: false, reason: 'BASE_CURRENCY_LOCKED' });
  });

  it('refuses it while exchange rates are entered, naming their currencies', () => {
    const d = decideBaseCurrencyChange('USD', { ...NOTHING, rateCurrencies: ['GBP', 'EUR', 'EUR'] });
    expect(d).toEqual({
      ok: false,
      reason: 'BASE_CURRENCY_IN_USE',
      message:
        'The base currency USD cannot change while the exchange rates of EUR and GBP (settings/currencies) ' +
        'are expressed in it. Remove them, change the base currency, then enter them again in the new one.',
    });
  });

  it('refuses it while approval levels apply above an amount, naming the levels', () => {
    const d = decideBaseCurrencyChange('EUR', { ...NOTHING, thresholdLevels: [3, 2] });
    expect(d).toMatchObject({
      ok: false,
      reason: 'BASE_CURRENCY_IN_USE',
      message: expect.stringContaining(
        'the amount thresholds of approval levels 2 and 3 (settings/approvalrules) are expressed in it',
      ),
    });
  });

  it('is allowed exactly when there are no expenses, rates or thresholds, and a refusal names each (property)', () => {
    const code = fc.constantFrom('EUR', 'GBP', 'JPY', 'INR', 'KWD');
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.array(code, { maxLength: 4 }),
        fc.array(fc.integer({ min: 2, max: 9 }), { maxLength: 4 }),
        (hasExpenses, rateCurrencies, thresholdLevels) => {
          const d = decideBaseCurrencyChange('USD', { hasExpenses, rateCurrencies, thresholdLevels });
          const free = !hasExpenses && rateCurrencies.length === 0 && thresholdLevels.length === 0;
          expect(d.ok).toBe(free);
          if (!d.ok && d.reason === 'BASE_CURRENCY_IN_USE') {
            expect(hasExpenses).toBe(false);
            for (const c of rateCurrencies) expect(d.message).toContain(c);
            for (const l of thresholdLevels) expect(d.message).toContain(String(l));
          }
        },
      ),
    );
  });
});

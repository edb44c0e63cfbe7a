import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type DuplicateCandidate,
  findDuplicates,
  findReceiptDuplicates,
  isLikelyDuplicate,
} from '../../../server/domain/duplicates.js';

const base: DuplicateCandidate = {
  expense_id: 'e1',
  user_id: 'u1',
  date: '2026-01-14',
  amount: 4250,
  currency_code: 'USD',
  merchant_name: 'Blue Bottle',
};

describe('duplicate expenses', () => {
  it('same user, date, amount, currency and merchant (any case) is a likely duplicate', () => {
    expect(isLikelyDuplicate(base, { ...base, expense_id: 'e2', merchant_name: '  blue bottle ' })).toBe(
      true,
    );
  });

  it('a missing merchant on either side does not prevent a match', () => {
    expect(isLikelyDuplicate(base, { ...base, expense_id: 'e2', merchant_name: '' })).toBe(true);
  });

  it('a different user, date, amount, currency or merchant is not a duplicate', () => {
    const other = { ...base, expense_id: 'e2' };
    expect(isLikelyDuplicate(base, { ...other, user_id: 'u2' })).toBe(false);
    expect(isLikelyDuplicate(base, { ...other, date: '2026-01-15' })).toBe(false);
    expect(isLikelyDuplicate(base, { ...other, amount: 4251 })).toBe(false);
    expect(isLikelyDuplicate(base, { ...other, currency_code: 'EUR' })).toBe(false);
    expect(isLikelyDuplicate(base, { ...other, merchant_name: 'Starbucks' })).toBe(false);
  });

  it('an expense is never its own duplicate', () => {
    expect(findDuplicates(base, [base])).toEqual([]);
  });

  const candidateArb = fc.record({
    expense_id: fc.constantFrom('e1', 'e2', 'e3', 'e4'),
    user_id: fc.constantFrom('u1', 'u2'),
    date: fc.constantFrom('2026-01-14', '2026-01-15'),
    amount: fc.constantFrom(100, 200),
    currency_code: fc.constantFrom('USD', 'EUR'),
    merchant_name: fc.constantFrom('', 'Acme', 'ACME', 'Other'),
  });

  it('is symmetric (property)', () => {
    fc.assert(
      fc.property(candidateArb, candidateArb, (a, b) => {
        expect(isLikelyDuplicate(a, b)).toBe(isLikelyDuplicate(b, a));
      }),
    );
  });

  it('findDuplicates returns exactly the matching others (property)', () => {
    fc.assert(
      fc.property(candidateArb, fc.array(candidateArb, { maxLength: 8 }), (a, others) => {
        const found = findDuplicates(a, others);
        expect(found).toEqual(others.filter((o) => isLikelyDuplicate(a, o)).map((o) => o.expense_id));
      }),
    );
  });
});

describe('duplicate receipts', () => {
  it('names other expenses carrying the same bytes, once each, never the expense itself or the inbox', () => {
    const attached = [
      { expense_id: 'e1', sha256: 'aaa' },
      { expense_id: 'e2', sha256: 'aaa' },
      { expense_id: 'e2', sha256: 'aaa' },
      { expense_id: null, sha256: 'aaa' },
      { expense_id: 'e3', sha256: 'bbb' },
    ];
    expect(findReceiptDuplicates('e1', ['aaa'], attached)).toEqual(['e2']);
    expect(findReceiptDuplicates('e9', ['ccc'], attached)).toEqual([]);
  });
});

/**
 * Arbitraries for customer names and the spellings of the same name a person or another system
 * might send: other letter case (per character), other whitespace inside and around, and another
 * Unicode normalisation form. Names mix any code point with characters whose case or form is
 * known to trip comparisons (É, ß/ẞ, final sigma, ligatures, full-width letters, Kelvin sign…).
 * No NUL: PostgreSQL text cannot hold it.
 */
import fc from 'fast-check';

const TRICKY = [
  'É',
  'é',
  'E\u0301',
  'Ö',
  'ß',
  'ẞ',
  'Σ',
  'σ',
  'ς',
  'ǅ',
  'ǆ',
  'ﬁ',
  'Ａ',
  'ａ',
  'K',
  'Å',
  'İ',
  'ı',
];
const SPACES = [' ', '  ', '\t', '\u00a0', '\u2003', '\u3000', ' \n '];

const nameChar = fc.oneof(
  fc.constantFrom(...TRICKY),
  fc.constantFrom(...SPACES),
  fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }).filter((c) => c !== '\u0000'),
);

/** A customer name (never empty after trimming, as names that reach the look-up are not). */
export const nameArb = fc
  .string({ unit: nameChar, minLength: 1, maxLength: 24 })
  .filter((s) => s.trim() !== '');

/** The same name spelt another way: what duplicateKey must treat as equal to `name`. */
export function variantArb(name: string): fc.Arbitrary<string> {
  const chars = [...name];
  return fc
    .record({
      cases: fc.array(fc.constantFrom('keep', 'upper', 'lower'), {
        minLength: chars.length,
        maxLength: chars.length,
      }),
      space: fc.constantFrom(...SPACES),
      before: fc.constantFrom('', ...SPACES),
      after: fc.constantFrom('', ...SPACES),
      form: fc.constantFrom('none', 'NFC', 'NFD', 'NFKC', 'NFKD'),
    })
    .map(({ cases, space, before, after, form }) => {
      const recased = chars
        .map((c, i) => (cases[i] === 'upper' ? c.toUpperCase() : cases[i] === 'lower' ? c.toLowerCase() : c))
        .join('');
      const spaced = `${before}${recased.replace(/\s+/g, space)}${after}`;
      return form === 'none' ? spaced : spaced.normalize(form);
    });
}

/** A name and another spelling of it. */
export const nameAndVariantArb = nameArb.chain((name) =>
  variantArb(name).map((variant) => ({ name, variant })),
);

/**
 * What to do with an incoming external record that has no link yet but looks like records already
 * in DealSpend (same name and customer type). The admin's choice (seed: "Handle Duplicate Records"):
 * - clone: create it anyway; both records exist;
 * - overwrite: the incoming record overwrites the existing one; when several existing records match,
 *   they are merged into one (the oldest survives, the others are folded into it);
 * - skip: the incoming record is not synced; the existing one is kept as it is.
 */
export type DuplicateMode = 'clone' | 'overwrite' | 'skip';

export type DuplicateDecision =
  | { action: 'create' }
  | { action: 'overwrite'; targetId: string; mergeIds: string[] }
  | { action: 'skip'; existingId: string };

/**
 * @param candidates local ids that match, oldest first (ids are time-ordered).
 * @example resolveDuplicate('overwrite', ['1', '2']) // { action: 'overwrite', targetId: '1', mergeIds: ['2'] }
 */
export function resolveDuplicate(mode: DuplicateMode, candidates: readonly string[]): DuplicateDecision {
  const [first, ...rest] = candidates;
  if (first === undefined || mode === 'clone') return { action: 'create' };
  if (mode === 'skip') return { action: 'skip', existingId: first };
  return { action: 'overwrite', targetId: first, mergeIds: [...rest] };
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * The name part of duplicateKey, also stored on each customer as contacts.name_key so the database
 * finds candidates by an indexed equality. Computed here, never by SQL: SQLite's lower() folds ASCII
 * only, and neither database collapses inner spaces. Steps: NFKC (so "ﬁ", full-width "Ａ" and a
 * decomposed "É" compare as their plain forms); case fold as lower, upper, lower (full case folding
 * maps both "ß" and "ẞ" to "ss"; upper-then-lower alone would leave "ẞ" as "ß"; JavaScript's case
 * mappings do not depend on the locale); NFKC again (folding can leave a string not normalised);
 * then trim and collapse every run of whitespace to one space.
 * @example customerNameKey('  STRASSE   Élan ') === customerNameKey('straße élan') // 'strasse élan'
 */
export function customerNameKey(name: string): string {
  // Printable ASCII (most names): both NFKC passes leave it as it is and the case fold is lower case.
  if (PRINTABLE_ASCII.test(name)) return name.toLowerCase().replace(/ +/g, ' ').trim();
  return name
    .normalize('NFKC')
    .toLowerCase()
    .toUpperCase()
    .toLowerCase()
    .normalize('NFKC')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The key two customers are compared on: their name keys (customerNameKey) plus customer type. */
export function duplicateKey(name: string, subType: string): string {
  return `${subType}:${customerNameKey(name)}`;
}

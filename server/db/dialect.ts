/**
 * What differs between the two databases, as capability flags. Queries ask these instead of
 * checking "is this PostgreSQL" (after Kysely's DialectAdapter).
 */
export type DialectName = 'sqlite' | 'postgres';

export interface DialectCapabilities {
  name: DialectName;
  /** PostgreSQL takes row locks (SELECT … FOR UPDATE); SQLite serialises writers instead. */
  supportsRowLocks: boolean;
  /** Both support ON CONFLICT … DO UPDATE / DO NOTHING. */
  supportsOnConflict: true;
  /** Case-insensitive LIKE: ILIKE on PostgreSQL; LIKE is already case-insensitive for ASCII on SQLite. */
  caseInsensitiveLike: 'ilike' | 'like';
}

export function capabilitiesFor(name: DialectName): DialectCapabilities {
  return name === 'postgres'
    ? { name, supportsRowLocks: true, supportsOnConflict: true, caseInsensitiveLike: 'ilike' }
    : { name, supportsRowLocks: false, supportsOnConflict: true, caseInsensitiveLike: 'like' };
}

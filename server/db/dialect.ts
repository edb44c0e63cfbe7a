/**
 * What differs between the two databases, as capability flags. Queries ask these instead of
 * checking "is this PostgreSQL" (after Kysely's DialectAdapter).
 */
import { type Kysely, PostgresAdapter, type Transaction } from 'kysely';

export type DialectName = 'sqlite' | 'postgres';

/** Which of the two databases `db` talks to (its transactions share the adapter). */
export function dialectOf(db: Kysely<any> | Transaction<any>): DialectName {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

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

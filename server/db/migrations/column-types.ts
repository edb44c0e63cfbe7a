/**
 * The two column types whose spelling differs between SQLite and PostgreSQL. Migrations use these
 * instead of importing app code, so a migration stays frozen once written.
 */
import type { Kysely } from 'kysely';

export function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter.constructor.name === 'PostgresAdapter';
}

/** Raw bytes: BLOB on SQLite, bytea on PostgreSQL. */
export function bytesType(db: Kysely<any>): 'blob' | 'bytea' {
  return isPostgres(db) ? 'bytea' : 'blob';
}

/**
 * Case-insensitive "contains" search that behaves the same on SQLite and PostgreSQL: the user's
 * text is escaped, so % and _ in a search match themselves instead of acting as wildcards.
 */
import { type Expression, type RawBuilder, sql } from 'kysely';
import type { DialectCapabilities } from './dialect.js';

export function containsText(
  dialect: DialectCapabilities,
  column: Expression<unknown> | string,
  text: string,
): RawBuilder<boolean> {
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const ref = typeof column === 'string' ? sql.ref(column) : column;
  return sql<boolean>`${ref} ${sql.raw(dialect.caseInsensitiveLike)} ${pattern} escape '\\'`;
}

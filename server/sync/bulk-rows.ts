/**
 * Set-based statements for writing a page of synced records: the page's new rows, changed rows and
 * links each go to the database in one statement (or a few) instead of one per record, with SQL
 * text that repeats from page to page so it is prepared once.
 *
 * - SQLite: multi-row VALUES with bound parameters, cut into chunks of fixed sizes (so a few texts
 *   cover every row count). Binding is done in C; reading rows from a JSON parameter measured slower.
 * - PostgreSQL: the rows as one JSON parameter read with `jsonb_array_elements`. One parameter keeps
 *   the statement named and planned once per connection, and serialising JSON costs the server
 *   process little and this one far less than pg's array or per-value parameters.
 *
 * Building the same rows through the query builder (one value node per cell) cost more than the
 * database's own work. Identifiers in the texts come from code, never from input.
 */
import { CompiledQuery } from 'kysely';
import { type DialectName, dialectOf } from '../db/dialect.js';
import type { Db } from './links.js';

/** A cell of a row: the value of one column. */
export type Cell = string | number | null;
export type Row = readonly Cell[];

/** A table's columns (in row order), with the PostgreSQL type of any that is not text. */
export interface RowShape {
  table: string;
  columns: readonly string[];
  pgTypes?: Readonly<Record<string, string>>;
}

/** Placeholder of the `n`th (1-based) parameter of a hand-written statement. */
export function param(dialect: DialectName, n: number): string {
  return dialect === 'sqlite' ? '?' : `$${n}`;
}

/** SQLite statement sizes: a full page is one statement, a remainder at most six more. */
const SQLITE_CHUNKS = [200, 64, 16, 4, 1];

const texts = new Map<string, string>();

function text(key: string, build: () => string): string {
  let t = texts.get(key);
  if (t === undefined) {
    t = build();
    texts.set(key, t);
  }
  return t;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

function checked(shape: RowShape, key: readonly string[] = []): RowShape {
  for (const name of [shape.table, ...shape.columns, ...key]) {
    if (!IDENTIFIER.test(name)) throw new Error(`not an identifier: ${name}`);
  }
  return shape;
}

/** SQLite: `VALUES (?, …), …` for `n` rows of the shape. */
function sqliteValues(shape: RowShape, n: number): string {
  const row = `(${shape.columns.map(() => '?').join(', ')})`;
  return `VALUES ${Array.from({ length: n }, () => row).join(', ')}`;
}

/** PostgreSQL: the rows of the JSON parameter $1 as a relation with the shape's column names. */
function pgRows(shape: RowShape): string {
  const cols = shape.columns.map((c, i) => {
    const type = shape.pgTypes?.[c];
    return type ? `(e->>${i})::${type} AS ${c}` : `e->>${i} AS ${c}`;
  });
  return `SELECT ${cols.join(', ')} FROM jsonb_array_elements($1::jsonb) AS e`;
}

/** Runs `sqlFor(n)` over the rows: once with all of them (PostgreSQL) or chunk by chunk (SQLite). */
async function run(
  db: Db,
  dialect: DialectName,
  rows: readonly Row[],
  sqlFor: (rowsInStatement: number) => string,
): Promise<void> {
  if (rows.length === 0) return;
  if (dialect === 'postgres') {
    await db.executeQuery(CompiledQuery.raw(sqlFor(0), [JSON.stringify(rows)]));
    return;
  }
  let i = 0;
  for (const size of SQLITE_CHUNKS) {
    while (rows.length - i >= size) {
      const params: Cell[] = [];
      for (const r of rows.slice(i, i + size)) params.push(...r);
      await db.executeQuery(CompiledQuery.raw(sqlFor(size), params));
      i += size;
      // better-sqlite3 blocks the thread while a statement runs: between chunks, let pages that
      // have arrived be read (and the next one requested) so Zoho keeps working meanwhile.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
}

/** Inserts rows (each in `shape.columns` order). */
export async function insertRows(db: Db, shape: RowShape, rows: readonly Row[]): Promise<void> {
  checked(shape);
  const dialect = dialectOf(db);
  const cols = shape.columns.join(', ');
  await run(db, dialect, rows, (n) =>
    text(`${dialect}|insert|${shape.table}|${cols}|${n}`, () =>
      dialect === 'sqlite'
        ? `INSERT INTO ${shape.table} (${cols}) ${sqliteValues(shape, n)}`
        : `INSERT INTO ${shape.table} (${cols}) ${pgRows(shape)}`,
    ),
  );
}

/**
 * Inserts rows, or updates the existing row with the same `key` columns: every non-key column
 * takes the incoming value. Rows must not repeat a key (PostgreSQL refuses to touch a row twice).
 */
export async function upsertRows(
  db: Db,
  shape: RowShape,
  key: readonly string[],
  rows: readonly Row[],
): Promise<void> {
  checked(shape, key);
  const dialect = dialectOf(db);
  const cols = shape.columns.join(', ');
  const set = shape.columns
    .filter((c) => !key.includes(c))
    .map((c) => `${c} = excluded.${c}`)
    .join(', ');
  const onConflict = `ON CONFLICT (${key.join(', ')}) DO UPDATE SET ${set}`;
  await run(db, dialect, rows, (n) =>
    text(`${dialect}|upsert|${shape.table}|${cols}|${key}|${n}`, () =>
      dialect === 'sqlite'
        ? `INSERT INTO ${shape.table} (${cols}) ${sqliteValues(shape, n)} ${onConflict}`
        : `INSERT INTO ${shape.table} (${cols}) ${pgRows(shape)} ${onConflict}`,
    ),
  );
}

/** Updates existing rows matched on the `key` columns: every other column takes the row's value. */
export async function updateRows(
  db: Db,
  shape: RowShape,
  key: readonly string[],
  rows: readonly Row[],
): Promise<void> {
  checked(shape, key);
  const dialect = dialectOf(db);
  const t = shape.table;
  const set = shape.columns
    .filter((c) => !key.includes(c))
    .map((c) => `${c} = v.${c}`)
    .join(', ');
  const match = key.map((c) => `${t}.${c} = v.${c}`).join(' AND ');
  await run(db, dialect, rows, (n) =>
    text(`${dialect}|update|${t}|${shape.columns}|${key}|${n}`, () => {
      const source =
        dialect === 'sqlite'
          ? `SELECT ${shape.columns.map((c, i) => `column${i + 1} AS ${c}`).join(', ')} FROM (${sqliteValues(shape, n)})`
          : pgRows(shape);
      return `UPDATE ${t} SET ${set} FROM (${source}) AS v WHERE ${match}`;
    }),
  );
}

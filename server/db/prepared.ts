/**
 * Prepared queries for the routes every client calls most (sign-in of each request, creating an
 * expense). Kysely builds an immutable query tree and compiles it to SQL on every call; for our
 * short indexed statements that costs several times what SQLite takes to run them. A prepared query
 * is built and compiled once per dialect (and shape) with stand-in values; each run puts the
 * caller's values in their place and hands the SQL to Kysely's executor, so connections,
 * transactions and the statement caches below it behave exactly as for any other query.
 *
 * The builder receives `slots`: an object whose properties are the stand-ins, typed as the values
 * they stand for. A stand-in may be used wherever Kysely binds a value as one parameter (`where`,
 * `values`, `set`, `eb.val`); not in `in` lists, whose length changes the SQL.
 */
import {
  type Compilable,
  CompiledQuery,
  type ExpressionBuilder,
  type Kysely,
  type QueryResult,
  type RootOperationNode,
  sql,
  type Transaction,
} from 'kysely';
import { dialectOf } from './dialect.js';
import type { Database } from './schema.js';
import { sqliteNow } from './sqlite-now.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Stand-ins start with NUL, which no value bound by the API or the sync can hold. */
const MARK = '\u0000slot:';

/** A compiled statement: its SQL and, per parameter, a slot name or a value fixed at build time. */
interface Plan {
  /** The statement as Kysely built it, shown to plugins at each run. */
  node: RootOperationNode;
  sql: string;
  parameters: ReadonlyArray<{ slot: string } | { value: unknown }>;
}

function slotsProxy<P>(): P {
  return new Proxy({}, { get: (_, name) => `${MARK}${String(name)}` }) as P;
}

function planOf(query: Compilable<unknown>): Plan {
  const { query: node, sql, parameters } = query.compile();
  if (sql.includes(MARK)) throw new Error('A prepared query used a slot outside a bound parameter');
  return {
    node,
    sql,
    parameters: parameters.map((v) =>
      typeof v === 'string' && v.startsWith(MARK) ? { slot: v.slice(MARK.length) } : { value: v },
    ),
  };
}

function bind(plan: Plan, values: Record<string, unknown>): unknown[] {
  return plan.parameters.map((p) => {
    if (!('slot' in p)) return p.value;
    const v = values[p.slot];
    if (v === undefined) throw new Error(`A prepared query was run without a value for ${p.slot}`);
    return v;
  });
}

function run<O>(db: Db, plan: Plan, values: Record<string, unknown>): Promise<QueryResult<O>> {
  const parameters = bind(plan, values);
  // On SQLite, at once when nothing stands in the way (sqlite-now.ts).
  const now = sqliteNow(db);
  if (now) return Promise.resolve(now.execute<O>(plan.sql, parameters));
  const compiled = CompiledQuery.raw(plan.sql, parameters) as CompiledQuery<O>;
  // Plugins see each run as a query built now (tests watch statements this way). A plugin that
  // rewrote it would be bypassed by the SQL compiled without it, so that is refused.
  const executor = db.getExecutor();
  if (executor.plugins.length > 0 && executor.transformQuery(plan.node, compiled.queryId) !== plan.node)
    throw new Error('A prepared query cannot run through a plugin that rewrites queries');
  return db.executeQuery(compiled);
}

/**
 * Runs the plan synchronously, as writeNow's work does (sqlite-now.ts); throws where the connection
 * cannot take it at once (PostgreSQL, a transaction, another request's open transaction), rather
 * than run a statement meant for writeNow's transaction anywhere else.
 */
function runNow<O>(db: Db, plan: Plan, values: Record<string, unknown>): QueryResult<O> {
  const now = sqliteNow(db);
  if (!now)
    throw new Error(
      'A prepared query was run at once where the connection cannot take it (outside writeNow)',
    );
  return now.execute<O>(plan.sql, bind(plan, values));
}

export interface Prepared<P, O> {
  (db: Db, values: P): Promise<QueryResult<O>>;
  /** The same, run synchronously inside writeNow (sqlite-now.ts). */
  now(db: Db, values: P): QueryResult<O>;
}

/**
 * A query of one fixed shape. `build` must not branch on anything but its arguments; the result
 * runs it with `values` bound to the slots.
 */
export function prepare<P extends object, O>(
  build: (db: Kysely<Database>, slots: P) => Compilable<O>,
): Prepared<P, O> {
  const one = prepareShapes((db, slots: P, _shape: '') => build(db, slots));
  return Object.assign((db: Db, values: P) => one(db, '', values), {
    now: (db: Db, values: P) => one.now(db, '', values),
  });
}

export interface PreparedShapes<S, P, O> {
  (db: Db, shape: S, values: P): Promise<QueryResult<O>>;
  /** The same, run synchronously inside writeNow (sqlite-now.ts). */
  now(db: Db, shape: S, values: P): QueryResult<O>;
}

/**
 * A query whose shape is chosen by `shape` (a few known variants, such as "all deals" and "own
 * deals"): each variant is prepared once per dialect. `build` must decide its shape from `shape` alone.
 */
export function prepareShapes<S extends string, P extends object, O>(
  build: (db: Kysely<Database>, slots: P, shape: S) => Compilable<O>,
): PreparedShapes<S, P, O> {
  const plans = new Map<string, Plan>();
  const planFor = (db: Db, shape: S) => {
    const key = `${dialectOf(db)}:${shape}`;
    let plan = plans.get(key);
    if (!plan) {
      plan = planOf(build(db.withoutPlugins() as Kysely<Database>, slotsProxy<P>(), shape));
      plans.set(key, plan);
    }
    return plan;
  };
  const prepared = async (db: Db, shape: S, values: P) =>
    run<O>(db, planFor(db, shape), values as Record<string, unknown>);
  return Object.assign(prepared, {
    now: (db: Db, shape: S, values: P) =>
      runNow<O>(db, planFor(db, shape), values as Record<string, unknown>),
  });
}

/**
 * A row that must exist for a write to happen: one of `table` whose columns equal `where`. A write
 * made on its condition checks it in its own statement, so nothing committed between a caller's
 * read and its write can slip past it.
 */
export interface RowCondition {
  table: keyof Database & string;
  where: Readonly<Record<string, string>>;
}

/** `EXISTS (SELECT 1 FROM table WHERE col = slot …)`, its values bound from `slots['if.<col>']`. */
export function conditionHolds(
  eb: ExpressionBuilder<any, any>,
  slots: Record<string, unknown>,
  table: string,
  columns: readonly string[],
) {
  let q = eb.selectFrom(table).select(sql.lit(1).as('one'));
  for (const c of columns) q = q.where(`${table}.${c}`, '=', slots[`if.${c}`]);
  return eb.exists(q);
}

/** A condition's values as conditionHolds binds them. */
export function conditionValues(condition: RowCondition): Record<string, string> {
  return Object.fromEntries(Object.entries(condition.where).map(([c, v]) => [`if.${c}`, v]));
}

/** A condition's shape, `table(col,col,…)`: what its prepared statements are keyed by (parseShape reads it back). */
export function conditionShape(condition: RowCondition): string {
  return `${condition.table}(${Object.keys(condition.where).join(',')})`;
}

/** `table(col,col,…)` → its table and columns. */
export function parseShape(shape: string): { table: string; columns: string[] } {
  const open = shape.indexOf('(');
  return { table: shape.slice(0, open), columns: shape.slice(open + 1, -1).split(',') };
}

/** Whether a condition's row exists now (for telling why a conditional write wrote nothing). */
const selectCondition = prepareShapes<string, Record<string, unknown>, unknown>((db, slots, shape) => {
  const { table, columns } = parseShape(shape);
  return db.selectNoFrom((eb) => conditionHolds(eb, slots, table, columns).as('holds'));
});

export async function conditionHoldsNow(db: Db, condition: RowCondition): Promise<boolean> {
  const { rows } = await selectCondition(db, conditionShape(condition), conditionValues(condition));
  const holds = (rows[0] as { holds: unknown } | undefined)?.holds;
  return holds === true || Number(holds) === 1;
}

/**
 * Inserts one row into `table`, prepared per set of columns (a row type has one set in practice).
 * With `onlyIf`, the row is inserted only while the condition's row exists, checked by the insert
 * itself (INSERT … SELECT … WHERE EXISTS). Resolves to the number of rows inserted.
 */
export function prepareInsert<T extends keyof Database & string>(table: T) {
  const insert = prepareShapes<string, Record<string, unknown>, never>((db, slots, shape) => {
    const [rowColumns = '', onlyIf] = shape.split('|');
    const columns = rowColumns.split(',');
    const anyDb = db as unknown as Kysely<any>;
    const into = anyDb.insertInto(table);
    if (!onlyIf) return into.values(Object.fromEntries(columns.map((c) => [c, slots[c]])));
    const condition = parseShape(onlyIf);
    return into.columns(columns).expression(
      // Parameters here take the target columns' types (INSERT … SELECT), as in a VALUES list.
      anyDb
        .selectNoFrom((eb) => columns.map((c) => eb.val(slots[c]).as(c)))
        .where((eb) => conditionHolds(eb, slots, condition.table, condition.columns)),
    );
  });
  const shapeOf = (row: Record<string, unknown>, onlyIf?: RowCondition) => {
    const columns = Object.keys(row).join(',');
    return onlyIf
      ? { shape: `${columns}|${conditionShape(onlyIf)}`, values: { ...row, ...conditionValues(onlyIf) } }
      : { shape: columns, values: row };
  };
  const inserted = async (db: Db, row: Record<string, unknown>, onlyIf?: RowCondition): Promise<number> => {
    const { shape, values } = shapeOf(row, onlyIf);
    return Number((await insert(db, shape, values)).numAffectedRows ?? 0);
  };
  return Object.assign(inserted, {
    /** The same, run synchronously inside writeNow (sqlite-now.ts). */
    now: (db: Db, row: Record<string, unknown>, onlyIf?: RowCondition): number => {
      const { shape, values } = shapeOf(row, onlyIf);
      return Number(insert.now(db, shape, values).numAffectedRows ?? 0);
    },
  });
}

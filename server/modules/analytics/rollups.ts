/**
 * Reconciliation of the tables that triggers derive from the raw expenses (the rollups of migrations
 * 0020 and 0021, expense_attendees of migration 0045) with those expenses, and a rebuild for after
 * bulk loads that ran with the triggers off. A correct system never drifts; the check exists so that
 * "never" is verified, not assumed.
 */
import { type Kysely, sql } from 'kysely';
import {
  DEAL_ROLLUP_REBUILD,
  DEAL_ROLLUP_TABLES,
  dealRollupSource,
} from '../../db/migrations/0021_create_deal_rollups.js';
import { expenseAttendeesSource } from '../../db/migrations/0045_create_expense_attendees.js';
import { isPostgres } from '../../db/migrations/column-types.js';
import type { Database } from '../../db/schema.js';
import { BUCKET_SQL } from './facts.js';

export interface RollupDrift {
  table: 'spend_rollups' | 'deal_spend' | (typeof DEAL_ROLLUP_TABLES)[number] | 'expense_attendees';
  org_id: string;
  /**
   * The rollup key, e.g. "deal|user|category|customer|month|bucket"; for the per-deal tables of
   * migration 0021 the key ends with the compared column, and count is 1 when the row exists; for
   * expense_attendees the key is "expense|contact" and count is 1 when the row exists (total 0).
   */
  key: string;
  expected_total: number;
  actual_total: number;
  expected_count: number;
  actual_count: number;
}

interface KeyedSum {
  org_id: string;
  k: string;
  total: number | string;
  count: number | string;
}

const FINE_KEY = sql.raw(
  "COALESCE(e.deal_id, '') || '|' || e.user_id || '|' || e.category_id || '|' || COALESCE(e.customer_id, '') || '|' || substr(e.date, 1, 7) || '|' || " +
    BUCKET_SQL,
);
const DEAL_KEY = sql.raw(`COALESCE(e.deal_id, '') || '|' || ${BUCKET_SQL}`);

function compare(table: RollupDrift['table'], expected: KeyedSum[], actual: KeyedSum[]): RollupDrift[] {
  const index = (rows: KeyedSum[]) => new Map(rows.map((r) => [`${r.org_id}#${r.k}`, r]));
  const exp = index(expected);
  const act = index(actual);
  const drift: RollupDrift[] = [];
  for (const id of new Set([...exp.keys(), ...act.keys()])) {
    const e = exp.get(id);
    const a = act.get(id);
    const row = {
      table,
      org_id: (e ?? a)?.org_id ?? '',
      key: (e ?? a)?.k ?? '',
      expected_total: Number(e?.total ?? 0),
      actual_total: Number(a?.total ?? 0),
      expected_count: Number(e?.count ?? 0),
      actual_count: Number(a?.count ?? 0),
    };
    if (row.expected_total !== row.actual_total || row.expected_count !== row.actual_count) drift.push(row);
  }
  return drift;
}

/**
 * Recomputes every rollup and expense_attendees from the raw expenses (one org, or all) and lists
 * every key whose total or count differs. `{ drift: [] }` means the derived tables are exact.
 */
export async function reconcileRollups(
  db: Kysely<Database>,
  orgId?: string,
): Promise<{ drift: RollupDrift[] }> {
  const eOrg = orgId === undefined ? sql`` : sql`WHERE e.org_id = ${orgId}`;
  const rOrg = orgId === undefined ? sql`` : sql`WHERE r.org_id = ${orgId}`;
  const fineExpected =
    await sql<KeyedSum>`SELECT e.org_id, ${FINE_KEY} AS k, SUM(e.base_amount) AS total, COUNT(*) AS count
    FROM expenses e ${eOrg} GROUP BY e.org_id, ${FINE_KEY}`.execute(db);
  const fineActual = await sql<KeyedSum>`SELECT r.org_id,
      r.deal_id || '|' || r.user_id || '|' || r.category_id || '|' || r.customer_id || '|' || r.month || '|' || r.bucket AS k,
      r.total, r.count
    FROM spend_rollups r ${rOrg}`.execute(db);
  const dealExpected =
    await sql<KeyedSum>`SELECT e.org_id, ${DEAL_KEY} AS k, SUM(e.base_amount) AS total, COUNT(*) AS count
    FROM expenses e ${eOrg} GROUP BY e.org_id, ${DEAL_KEY}`.execute(db);
  const dealActual = await sql<KeyedSum>`SELECT r.org_id, r.deal_id || '|' || r.bucket AS k, r.total, r.count
    FROM deal_spend r ${rOrg}`.execute(db);
  const perDeal: RollupDrift[] = [];
  for (const table of DEAL_ROLLUP_TABLES) {
    const { keys, values } = DEAL_ROLLUP_COLUMNS[table];
    const scoped = orgId === undefined ? sql`` : sql`WHERE s.org_id = ${orgId}`;
    const expected = await sql<
      Record<string, unknown>
    >`SELECT * FROM (${sql.raw(dealRollupSource(table))}) s ${scoped}`.execute(db);
    const actual = await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(table)} s ${scoped}`.execute(
      db,
    );
    const keyed = (rows: Record<string, unknown>[]): KeyedSum[] =>
      rows.flatMap((r) =>
        values.map((v) => ({
          org_id: String(r.org_id),
          k: `${keys.map((k) => String(r[k])).join('|')}|${v}`,
          total: Number(r[v]),
          count: 1,
        })),
      );
    perDeal.push(...compare(table, keyed(expected.rows), keyed(actual.rows)));
  }
  const aOrg = orgId === undefined ? sql`` : sql`WHERE a.org_id = ${orgId}`;
  const attendeeKey = sql.raw(`a.expense_id || '|' || a.contact_id`);
  const attendeesExpected = await sql<KeyedSum>`SELECT a.org_id, ${attendeeKey} AS k, 0 AS total, 1 AS count
    FROM (${sql.raw(expenseAttendeesSource(isPostgres(db)))}) a ${aOrg}`.execute(db);
  const attendeesActual = await sql<KeyedSum>`SELECT a.org_id, ${attendeeKey} AS k, 0 AS total, 1 AS count
    FROM expense_attendees a ${aOrg}`.execute(db);
  return {
    drift: [
      ...compare('spend_rollups', fineExpected.rows, fineActual.rows),
      ...compare('deal_spend', dealExpected.rows, dealActual.rows),
      ...perDeal,
      ...compare('expense_attendees', attendeesExpected.rows, attendeesActual.rows),
    ],
  };
}

/** Key and compared columns of the per-deal tables (migration 0021). */
const DEAL_ROLLUP_COLUMNS: Record<(typeof DEAL_ROLLUP_TABLES)[number], { keys: string[]; values: string[] }> =
  {
    deal_rollups: {
      keys: ['deal_id', 'outcome'],
      values: ['spent', 'pending', 'spent_count', 'pending_count'],
    },
    deal_month_rollups: {
      keys: ['deal_id', 'month'],
      values: ['spent', 'pending', 'spent_count', 'pending_count'],
    },
    deal_user_rollups: { keys: ['deal_id', 'user_id', 'outcome'], values: ['spent', 'spent_count'] },
    outcome_month_rollups: {
      keys: ['outcome', 'kind', 'month'],
      values: ['spent', 'pending', 'expense_count', 'deal_count', 'spent_deal_count'],
    },
    outcome_user_rollups: {
      keys: ['outcome', 'user_id'],
      values: ['spent', 'deal_count', 'most_on_a_deal', 'least_on_a_deal'],
    },
  };

/**
 * Rebuilds every table the expense triggers keep (the rollups and expense_attendees) from the raw
 * expenses in one statement each, for a bulk load that ran with the triggers disabled. Run it inside
 * the transaction that re-enables the triggers.
 */
export async function rebuildTriggerTables(db: Kysely<Database>): Promise<void> {
  await sql`DELETE FROM expense_attendees`.execute(db);
  await sql
    .raw(
      `INSERT INTO expense_attendees (org_id, expense_id, contact_id) ${expenseAttendeesSource(isPostgres(db))}`,
    )
    .execute(db);
  await sql`DELETE FROM spend_rollups`.execute(db);
  await sql`DELETE FROM deal_spend`.execute(db);
  const bucket = sql.raw(BUCKET_SQL);
  await sql`INSERT INTO spend_rollups (org_id, deal_id, user_id, category_id, customer_id, month, bucket, total, count)
    SELECT e.org_id, COALESCE(e.deal_id, ''), e.user_id, e.category_id, COALESCE(e.customer_id, ''),
      substr(e.date, 1, 7), ${bucket}, SUM(e.base_amount), COUNT(*)
    FROM expenses e
    GROUP BY e.org_id, COALESCE(e.deal_id, ''), e.user_id, e.category_id, COALESCE(e.customer_id, ''),
      substr(e.date, 1, 7), ${bucket}`.execute(db);
  await sql`INSERT INTO deal_spend (org_id, deal_id, bucket, total, count)
    SELECT e.org_id, COALESCE(e.deal_id, ''), ${bucket}, SUM(e.base_amount), COUNT(*)
    FROM expenses e GROUP BY e.org_id, COALESCE(e.deal_id, ''), ${bucket}`.execute(db);
  for (const s of DEAL_ROLLUP_REBUILD) await sql.raw(s).execute(db);
}

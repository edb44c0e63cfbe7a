import { type Kysely, sql } from 'kysely';
import { isPostgres } from './column-types.js';

/**
 * Small rollups for the default reports (unfiltered, org-wide), so each report reads a few rows
 * off an index instead of summing every deal:
 * - deal_rollups: one row per deal with spent/pending as columns and the deal's outcome
 *   (forecast_type), indexed by (org, spent desc) for the first page;
 * - deal_month_rollups: per (deal, expense month), to count deals per month;
 * - deal_user_rollups: per (deal, user), approved spend only, for the spenders ranking;
 * - outcome_month_rollups: per (outcome, 'closing'|'expense', month) totals and deal counts;
 * - outcome_user_rollups: per (outcome, user) spend, number of deals, most and least on one deal.
 * Only expenses on a deal in the spent or pending bucket count; a row stands for at least one.
 * Missing deal or closing date use the '' sentinel. Triggers on `expenses` keep them exact;
 * triggers on `deals` move a deal's rows when its outcome or closing month changes.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('deal_rollups')
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('deal_id', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('spent', 'bigint', (c) => c.notNull())
    .addColumn('pending', 'bigint', (c) => c.notNull())
    .addColumn('spent_count', 'bigint', (c) => c.notNull())
    .addColumn('pending_count', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('deal_rollups_pk', ['org_id', 'deal_id'])
    .execute();
  await sql`CREATE INDEX deal_rollups_rank ON deal_rollups (org_id, spent DESC, pending DESC, deal_id)`.execute(
    db,
  );
  await sql`CREATE INDEX deal_rollups_outcome_rank ON deal_rollups (org_id, outcome, spent DESC, pending DESC, deal_id)`.execute(
    db,
  );
  await sql`CREATE INDEX deal_rollups_outcome_spent ON deal_rollups (org_id, outcome, spent DESC, deal_id)`.execute(
    db,
  );
  await db.schema
    .createTable('deal_month_rollups')
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('deal_id', 'text', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('spent', 'bigint', (c) => c.notNull())
    .addColumn('pending', 'bigint', (c) => c.notNull())
    .addColumn('spent_count', 'bigint', (c) => c.notNull())
    .addColumn('pending_count', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('deal_month_rollups_pk', ['org_id', 'deal_id', 'month'])
    .execute();
  await db.schema
    .createTable('deal_user_rollups')
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('deal_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('spent', 'bigint', (c) => c.notNull())
    .addColumn('spent_count', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('deal_user_rollups_pk', ['org_id', 'deal_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('deal_user_rollups_user')
    .on('deal_user_rollups')
    .columns(['org_id', 'outcome', 'user_id', 'spent'])
    .execute();
  await db.schema
    .createTable('outcome_month_rollups')
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('spent', 'bigint', (c) => c.notNull())
    .addColumn('pending', 'bigint', (c) => c.notNull())
    .addColumn('expense_count', 'bigint', (c) => c.notNull())
    .addColumn('deal_count', 'bigint', (c) => c.notNull())
    .addColumn('spent_deal_count', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('outcome_month_rollups_pk', ['org_id', 'outcome', 'kind', 'month'])
    .execute();
  await db.schema
    .createTable('outcome_user_rollups')
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('spent', 'bigint', (c) => c.notNull())
    .addColumn('deal_count', 'bigint', (c) => c.notNull())
    // Kept by an index seek on deal_user_rollups at each change, so the ranking reads no per-deal rows.
    .addColumn('most_on_a_deal', 'bigint', (c) => c.notNull())
    .addColumn('least_on_a_deal', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('outcome_user_rollups_pk', ['org_id', 'outcome', 'user_id'])
    .execute();

  if (isPostgres(db)) await createPostgresTriggers(db);
  else await createSqliteTriggers(db);
  for (const s of DEAL_ROLLUP_REBUILD) await sql.raw(s).execute(db);
}

const SPENT_STATUSES = "('approved', 'reimbursed')";
const COUNTED_STATUSES = "('approved', 'reimbursed', 'submitted')";

/** Expected contents of each table, computed from the raw expenses and deals (rebuild, reconcile). */
export const DEAL_ROLLUP_SOURCES = {
  deal_rollups: `SELECT e.org_id, e.deal_id, COALESCE(MAX(d.forecast_type), '') AS outcome,
      SUM(CASE WHEN e.status IN ${SPENT_STATUSES} THEN e.base_amount ELSE 0 END) AS spent,
      SUM(CASE WHEN e.status = 'submitted' THEN e.base_amount ELSE 0 END) AS pending,
      SUM(CASE WHEN e.status IN ${SPENT_STATUSES} THEN 1 ELSE 0 END) AS spent_count,
      SUM(CASE WHEN e.status = 'submitted' THEN 1 ELSE 0 END) AS pending_count
    FROM expenses e LEFT JOIN deals d ON d.deal_id = e.deal_id AND d.org_id = e.org_id
    WHERE e.deal_id IS NOT NULL AND e.deal_id <> '' AND e.status IN ${COUNTED_STATUSES}
    GROUP BY e.org_id, e.deal_id`,
  deal_month_rollups: `SELECT e.org_id, e.deal_id, substr(e.date, 1, 7) AS month,
      SUM(CASE WHEN e.status IN ${SPENT_STATUSES} THEN e.base_amount ELSE 0 END) AS spent,
      SUM(CASE WHEN e.status = 'submitted' THEN e.base_amount ELSE 0 END) AS pending,
      SUM(CASE WHEN e.status IN ${SPENT_STATUSES} THEN 1 ELSE 0 END) AS spent_count,
      SUM(CASE WHEN e.status = 'submitted' THEN 1 ELSE 0 END) AS pending_count
    FROM expenses e
    WHERE e.deal_id IS NOT NULL AND e.deal_id <> '' AND e.status IN ${COUNTED_STATUSES}
    GROUP BY e.org_id, e.deal_id, substr(e.date, 1, 7)`,
  deal_user_rollups: `SELECT e.org_id, e.deal_id, e.user_id, COALESCE(MAX(d.forecast_type), '') AS outcome,
      SUM(e.base_amount) AS spent, COUNT(*) AS spent_count
    FROM expenses e LEFT JOIN deals d ON d.deal_id = e.deal_id AND d.org_id = e.org_id
    WHERE e.deal_id IS NOT NULL AND e.deal_id <> '' AND e.status IN ${SPENT_STATUSES}
    GROUP BY e.org_id, e.deal_id, e.user_id`,
  outcome_month_rollups: `SELECT org_id, outcome, kind, month, SUM(spent) AS spent, SUM(pending) AS pending,
      SUM(spent_count + pending_count) AS expense_count, COUNT(*) AS deal_count,
      SUM(CASE WHEN spent_count > 0 THEN 1 ELSE 0 END) AS spent_deal_count
    FROM (
      SELECT r.org_id, r.outcome, 'closing' AS kind, COALESCE(substr(d.closing_date, 1, 7), '') AS month,
        r.spent, r.pending, r.spent_count, r.pending_count
      FROM (__deal_rollups__) r LEFT JOIN deals d ON d.deal_id = r.deal_id AND d.org_id = r.org_id
      UNION ALL
      SELECT m.org_id, COALESCE(d.forecast_type, '') AS outcome, 'expense' AS kind, m.month,
        m.spent, m.pending, m.spent_count, m.pending_count
      FROM (__deal_month_rollups__) m LEFT JOIN deals d ON d.deal_id = m.deal_id AND d.org_id = m.org_id
    ) x
    GROUP BY org_id, outcome, kind, month`,
  outcome_user_rollups: `SELECT org_id, outcome, user_id, SUM(spent) AS spent, COUNT(*) AS deal_count,
      MAX(spent) AS most_on_a_deal, MIN(spent) AS least_on_a_deal
    FROM (__deal_user_rollups__) u GROUP BY org_id, outcome, user_id`,
};

/** The source query of `table`, with the per-deal sources it builds on inlined. */
export function dealRollupSource(table: keyof typeof DEAL_ROLLUP_SOURCES): string {
  return DEAL_ROLLUP_SOURCES[table]
    .replace('__deal_rollups__', DEAL_ROLLUP_SOURCES.deal_rollups)
    .replace('__deal_month_rollups__', DEAL_ROLLUP_SOURCES.deal_month_rollups)
    .replace('__deal_user_rollups__', DEAL_ROLLUP_SOURCES.deal_user_rollups);
}

export const DEAL_ROLLUP_TABLES = Object.keys(DEAL_ROLLUP_SOURCES) as Array<keyof typeof DEAL_ROLLUP_SOURCES>;

/** Empties and refills every table from the raw rows (migration backfill, bulk loads). */
export const DEAL_ROLLUP_REBUILD: string[] = DEAL_ROLLUP_TABLES.flatMap((t) => [
  `DELETE FROM ${t}`,
  `INSERT INTO ${t} ${dealRollupSource(t)}`,
]);

interface Row {
  org: string;
  deal: string;
  user: string;
  amount: string;
  month: string;
  /** 1 when the row's status is approved/reimbursed, else 0. */
  sp: string;
  pe: string;
  /** Whether the row counts at all (on a deal, spent or pending). */
  counted: string;
  spentOnly: string;
  outcome: string;
  closing: string;
}

function rowOf(r: string): Row {
  const deal = `(SELECT %s FROM deals dd WHERE dd.deal_id = ${r}.deal_id AND dd.org_id = ${r}.org_id)`;
  return {
    org: `${r}.org_id`,
    deal: `${r}.deal_id`,
    user: `${r}.user_id`,
    amount: `${r}.base_amount`,
    month: `substr(${r}.date, 1, 7)`,
    sp: `(CASE WHEN ${r}.status IN ${SPENT_STATUSES} THEN 1 ELSE 0 END)`,
    pe: `(CASE WHEN ${r}.status = 'submitted' THEN 1 ELSE 0 END)`,
    counted: `(${r}.deal_id IS NOT NULL AND ${r}.deal_id <> '' AND ${r}.status IN ${COUNTED_STATUSES})`,
    spentOnly: `(${r}.deal_id IS NOT NULL AND ${r}.deal_id <> '' AND ${r}.status IN ${SPENT_STATUSES})`,
    outcome: `COALESCE(${deal.replace('%s', 'dd.forecast_type')}, '')`,
    closing: `COALESCE(${deal.replace('%s', 'substr(dd.closing_date, 1, 7)')}, '')`,
  };
}

/** Adds to an outcome_month_rollups row; `present` tells whether the deal already had a row there. */
function addOutcomeMonth(r: Row, kind: string, month: string, presence: string): string {
  return `INSERT INTO outcome_month_rollups (org_id, outcome, kind, month, spent, pending, expense_count, deal_count, spent_deal_count)
    SELECT ${r.org}, ${r.outcome}, '${kind}', ${month}, ${r.amount} * ${r.sp}, ${r.amount} * ${r.pe}, 1,
      CASE WHEN EXISTS (SELECT 1 FROM ${presence}) THEN 0 ELSE 1 END,
      CASE WHEN ${r.sp} = 1 AND NOT EXISTS (SELECT 1 FROM ${presence} AND x.spent_count > 0) THEN 1 ELSE 0 END
    WHERE ${r.counted}
    ON CONFLICT (org_id, outcome, kind, month) DO UPDATE SET
      spent = outcome_month_rollups.spent + excluded.spent, pending = outcome_month_rollups.pending + excluded.pending,
      expense_count = outcome_month_rollups.expense_count + 1,
      deal_count = outcome_month_rollups.deal_count + excluded.deal_count,
      spent_deal_count = outcome_month_rollups.spent_deal_count + excluded.spent_deal_count`;
}

/** Takes from an outcome_month_rollups row, after the deal's own row was already reduced. */
function removeOutcomeMonth(r: Row, kind: string, month: string, presence: string): string {
  return `UPDATE outcome_month_rollups SET spent = spent - ${r.amount} * ${r.sp}, pending = pending - ${r.amount} * ${r.pe},
      expense_count = expense_count - 1,
      deal_count = deal_count - (CASE WHEN (SELECT x.spent_count + x.pending_count FROM ${presence}) <= 0 THEN 1 ELSE 0 END),
      spent_deal_count = spent_deal_count - (CASE WHEN ${r.sp} = 1 AND (SELECT x.spent_count FROM ${presence}) <= 0 THEN 1 ELSE 0 END)
    WHERE org_id = ${r.org} AND outcome = ${r.outcome} AND kind = '${kind}' AND month = ${month} AND ${r.counted}`;
}

/** Recomputes most/least on one deal for the outcome_user_rollups rows matching `where`. */
function refreshUserExtremes(org: string, where: string): string {
  const pick = (agg: string) => `COALESCE((SELECT ${agg}(x.spent) FROM deal_user_rollups x
      WHERE x.org_id = ${org} AND x.outcome = outcome_user_rollups.outcome AND x.user_id = outcome_user_rollups.user_id), 0)`;
  return `UPDATE outcome_user_rollups SET most_on_a_deal = ${pick('MAX')}, least_on_a_deal = ${pick('MIN')}
    WHERE org_id = ${org} AND ${where}`;
}

function addStatements(r: Row): string[] {
  const dealKey = `x.org_id = ${r.org} AND x.deal_id = ${r.deal}`;
  const monthKey = `${dealKey} AND x.month = ${r.month}`;
  const userKey = `${dealKey} AND x.user_id = ${r.user}`;
  return [
    addOutcomeMonth(r, 'closing', r.closing, `deal_rollups x WHERE ${dealKey}`),
    `INSERT INTO deal_rollups (org_id, deal_id, outcome, spent, pending, spent_count, pending_count)
      SELECT ${r.org}, ${r.deal}, ${r.outcome}, ${r.amount} * ${r.sp}, ${r.amount} * ${r.pe}, ${r.sp}, ${r.pe}
      WHERE ${r.counted}
      ON CONFLICT (org_id, deal_id) DO UPDATE SET spent = deal_rollups.spent + excluded.spent,
        pending = deal_rollups.pending + excluded.pending, spent_count = deal_rollups.spent_count + excluded.spent_count,
        pending_count = deal_rollups.pending_count + excluded.pending_count`,
    addOutcomeMonth(r, 'expense', r.month, `deal_month_rollups x WHERE ${monthKey}`),
    `INSERT INTO deal_month_rollups (org_id, deal_id, month, spent, pending, spent_count, pending_count)
      SELECT ${r.org}, ${r.deal}, ${r.month}, ${r.amount} * ${r.sp}, ${r.amount} * ${r.pe}, ${r.sp}, ${r.pe}
      WHERE ${r.counted}
      ON CONFLICT (org_id, deal_id, month) DO UPDATE SET spent = deal_month_rollups.spent + excluded.spent,
        pending = deal_month_rollups.pending + excluded.pending,
        spent_count = deal_month_rollups.spent_count + excluded.spent_count,
        pending_count = deal_month_rollups.pending_count + excluded.pending_count`,
    `INSERT INTO outcome_user_rollups (org_id, outcome, user_id, spent, deal_count, most_on_a_deal, least_on_a_deal)
      SELECT ${r.org}, ${r.outcome}, ${r.user}, ${r.amount},
        CASE WHEN EXISTS (SELECT 1 FROM deal_user_rollups x WHERE ${userKey}) THEN 0 ELSE 1 END, 0, 0
      WHERE ${r.spentOnly}
      ON CONFLICT (org_id, outcome, user_id) DO UPDATE SET spent = outcome_user_rollups.spent + excluded.spent,
        deal_count = outcome_user_rollups.deal_count + excluded.deal_count`,
    `INSERT INTO deal_user_rollups (org_id, deal_id, user_id, outcome, spent, spent_count)
      SELECT ${r.org}, ${r.deal}, ${r.user}, ${r.outcome}, ${r.amount}, 1
      WHERE ${r.spentOnly}
      ON CONFLICT (org_id, deal_id, user_id) DO UPDATE SET spent = deal_user_rollups.spent + excluded.spent,
        spent_count = deal_user_rollups.spent_count + 1`,
    refreshUserExtremes(r.org, `outcome = ${r.outcome} AND user_id = ${r.user} AND ${r.spentOnly}`),
  ];
}

function removeStatements(r: Row): string[] {
  const key = `org_id = ${r.org} AND deal_id = ${r.deal}`;
  const dealKey = `x.org_id = ${r.org} AND x.deal_id = ${r.deal}`;
  const userKey = `${dealKey} AND x.user_id = ${r.user}`;
  const reduce = `spent = spent - ${r.amount} * ${r.sp}, pending = pending - ${r.amount} * ${r.pe},
    spent_count = spent_count - ${r.sp}, pending_count = pending_count - ${r.pe}`;
  return [
    `UPDATE deal_rollups SET ${reduce} WHERE ${key} AND ${r.counted}`,
    removeOutcomeMonth(r, 'closing', r.closing, `deal_rollups x WHERE ${dealKey}`),
    `DELETE FROM deal_rollups WHERE ${key} AND spent_count + pending_count <= 0`,
    `UPDATE deal_month_rollups SET ${reduce} WHERE ${key} AND month = ${r.month} AND ${r.counted}`,
    removeOutcomeMonth(
      r,
      'expense',
      r.month,
      `deal_month_rollups x WHERE ${dealKey} AND x.month = ${r.month}`,
    ),
    `DELETE FROM deal_month_rollups WHERE ${key} AND month = ${r.month} AND spent_count + pending_count <= 0`,
    `DELETE FROM outcome_month_rollups WHERE org_id = ${r.org} AND expense_count <= 0`,
    `UPDATE deal_user_rollups SET spent = spent - ${r.amount}, spent_count = spent_count - 1
      WHERE ${key} AND user_id = ${r.user} AND ${r.spentOnly}`,
    `UPDATE outcome_user_rollups SET spent = spent - ${r.amount},
        deal_count = deal_count - (CASE WHEN (SELECT x.spent_count FROM deal_user_rollups x WHERE ${userKey}) <= 0 THEN 1 ELSE 0 END)
      WHERE org_id = ${r.org} AND outcome = ${r.outcome} AND user_id = ${r.user} AND ${r.spentOnly}`,
    `DELETE FROM deal_user_rollups WHERE ${key} AND user_id = ${r.user} AND spent_count <= 0`,
    `DELETE FROM outcome_user_rollups WHERE org_id = ${r.org} AND deal_count <= 0`,
    refreshUserExtremes(r.org, `outcome = ${r.outcome} AND user_id = ${r.user} AND ${r.spentOnly}`),
  ];
}

interface DealMove {
  org: string;
  deal: string;
  oldOutcome: string;
  oldClosing: string;
  newOutcome: string;
  newClosing: string;
}

/** Moves one deal's contribution from its old (outcome, closing month) to the new one. */
function dealMoveStatements(m: DealMove): string[] {
  const key = `x.org_id = ${m.org} AND x.deal_id = ${m.deal}`;
  const one = (table: string, col: string, extra = '') =>
    `(SELECT ${col} FROM ${table} x WHERE ${key}${extra})`;
  const monthOf = ' AND x.month = outcome_month_rollups.month';
  const userOf = ' AND x.user_id = outcome_user_rollups.user_id';
  const upsertMonth = `ON CONFLICT (org_id, outcome, kind, month) DO UPDATE SET
      spent = outcome_month_rollups.spent + excluded.spent, pending = outcome_month_rollups.pending + excluded.pending,
      expense_count = outcome_month_rollups.expense_count + excluded.expense_count,
      deal_count = outcome_month_rollups.deal_count + excluded.deal_count,
      spent_deal_count = outcome_month_rollups.spent_deal_count + excluded.spent_deal_count`;
  return [
    `UPDATE outcome_month_rollups SET spent = spent - ${one('deal_rollups', 'x.spent')},
        pending = pending - ${one('deal_rollups', 'x.pending')},
        expense_count = expense_count - ${one('deal_rollups', 'x.spent_count + x.pending_count')},
        deal_count = deal_count - 1,
        spent_deal_count = spent_deal_count - ${one('deal_rollups', 'CASE WHEN x.spent_count > 0 THEN 1 ELSE 0 END')}
      WHERE org_id = ${m.org} AND outcome = ${m.oldOutcome} AND kind = 'closing' AND month = ${m.oldClosing}
        AND EXISTS (SELECT 1 FROM deal_rollups x WHERE ${key})`,
    `INSERT INTO outcome_month_rollups (org_id, outcome, kind, month, spent, pending, expense_count, deal_count, spent_deal_count)
      SELECT x.org_id, ${m.newOutcome}, 'closing', ${m.newClosing}, x.spent, x.pending, x.spent_count + x.pending_count, 1,
        CASE WHEN x.spent_count > 0 THEN 1 ELSE 0 END
      FROM deal_rollups x WHERE ${key}
      ${upsertMonth}`,
    `UPDATE outcome_month_rollups SET spent = spent - ${one('deal_month_rollups', 'x.spent', monthOf)},
        pending = pending - ${one('deal_month_rollups', 'x.pending', monthOf)},
        expense_count = expense_count - ${one('deal_month_rollups', 'x.spent_count + x.pending_count', monthOf)},
        deal_count = deal_count - 1,
        spent_deal_count = spent_deal_count - ${one('deal_month_rollups', 'CASE WHEN x.spent_count > 0 THEN 1 ELSE 0 END', monthOf)}
      WHERE org_id = ${m.org} AND outcome = ${m.oldOutcome} AND kind = 'expense'
        AND month IN (SELECT x.month FROM deal_month_rollups x WHERE ${key})`,
    `INSERT INTO outcome_month_rollups (org_id, outcome, kind, month, spent, pending, expense_count, deal_count, spent_deal_count)
      SELECT x.org_id, ${m.newOutcome}, 'expense', x.month, x.spent, x.pending, x.spent_count + x.pending_count, 1,
        CASE WHEN x.spent_count > 0 THEN 1 ELSE 0 END
      FROM deal_month_rollups x WHERE ${key}
      ${upsertMonth}`,
    `UPDATE outcome_user_rollups SET spent = spent - ${one('deal_user_rollups', 'x.spent', userOf)},
        deal_count = deal_count - 1
      WHERE org_id = ${m.org} AND outcome = ${m.oldOutcome}
        AND user_id IN (SELECT x.user_id FROM deal_user_rollups x WHERE ${key})`,
    `INSERT INTO outcome_user_rollups (org_id, outcome, user_id, spent, deal_count, most_on_a_deal, least_on_a_deal)
      SELECT x.org_id, ${m.newOutcome}, x.user_id, x.spent, 1, 0, 0 FROM deal_user_rollups x WHERE ${key}
      ON CONFLICT (org_id, outcome, user_id) DO UPDATE SET spent = outcome_user_rollups.spent + excluded.spent,
        deal_count = outcome_user_rollups.deal_count + excluded.deal_count`,
    `UPDATE deal_rollups SET outcome = ${m.newOutcome} WHERE org_id = ${m.org} AND deal_id = ${m.deal}`,
    `UPDATE deal_user_rollups SET outcome = ${m.newOutcome} WHERE org_id = ${m.org} AND deal_id = ${m.deal}`,
    `DELETE FROM outcome_month_rollups WHERE org_id = ${m.org} AND expense_count <= 0`,
    `DELETE FROM outcome_user_rollups WHERE org_id = ${m.org} AND deal_count <= 0`,
    refreshUserExtremes(
      m.org,
      `outcome IN (${m.oldOutcome}, ${m.newOutcome}) AND user_id IN (SELECT x.user_id FROM deal_user_rollups x WHERE ${key})`,
    ),
  ];
}

/** Columns whose change moves an expense between rollup rows. */
const EXPENSE_COLUMNS = ['org_id', 'deal_id', 'user_id', 'date', 'status', 'base_amount'];

async function createSqliteTriggers(db: Kysely<any>): Promise<void> {
  const body = (stmts: string[]) => stmts.map((s) => `${s};`).join('\n');
  const run = (s: string) => sql.raw(s).execute(db);
  await run(`CREATE TRIGGER expenses_deal_rollup_insert AFTER INSERT ON expenses BEGIN
${body(addStatements(rowOf('NEW')))}
END`);
  await run(`CREATE TRIGGER expenses_deal_rollup_delete AFTER DELETE ON expenses BEGIN
${body(removeStatements(rowOf('OLD')))}
END`);
  const changed = EXPENSE_COLUMNS.map((c) => `OLD.${c} IS NOT NEW.${c}`).join(' OR ');
  await run(`CREATE TRIGGER expenses_deal_rollup_update AFTER UPDATE OF ${EXPENSE_COLUMNS.join(', ')} ON expenses
WHEN ${changed} BEGIN
${body(removeStatements(rowOf('OLD')))}
${body(addStatements(rowOf('NEW')))}
END`);
  const outcome = (r: string) => `COALESCE(${r}.forecast_type, '')`;
  const closing = (r: string) => `COALESCE(substr(${r}.closing_date, 1, 7), '')`;
  await run(`CREATE TRIGGER deals_rollup_insert AFTER INSERT ON deals BEGIN
${body(dealMoveStatements({ org: 'NEW.org_id', deal: 'NEW.deal_id', oldOutcome: "''", oldClosing: "''", newOutcome: outcome('NEW'), newClosing: closing('NEW') }))}
END`);
  await run(`CREATE TRIGGER deals_rollup_delete AFTER DELETE ON deals BEGIN
${body(dealMoveStatements({ org: 'OLD.org_id', deal: 'OLD.deal_id', oldOutcome: outcome('OLD'), oldClosing: closing('OLD'), newOutcome: "''", newClosing: "''" }))}
END`);
  await run(`CREATE TRIGGER deals_rollup_update AFTER UPDATE OF forecast_type, closing_date ON deals
WHEN ${outcome('OLD')} IS NOT ${outcome('NEW')} OR ${closing('OLD')} IS NOT ${closing('NEW')} BEGIN
${body(dealMoveStatements({ org: 'NEW.org_id', deal: 'NEW.deal_id', oldOutcome: outcome('OLD'), oldClosing: closing('OLD'), newOutcome: outcome('NEW'), newClosing: closing('NEW') }))}
END`);
}

async function createPostgresTriggers(db: Kysely<any>): Promise<void> {
  const body = (stmts: string[]) => stmts.map((s) => `    ${s};`).join('\n');
  const run = (s: string) => sql.raw(s).execute(db);
  await run(`CREATE OR REPLACE FUNCTION expenses_deal_rollup_apply() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'DELETE' OR TG_OP = 'UPDATE' THEN
${body(removeStatements(rowOf('OLD')))}
  END IF;
  IF TG_OP = 'INSERT' OR TG_OP = 'UPDATE' THEN
${body(addStatements(rowOf('NEW')))}
  END IF;
  RETURN NULL;
END
$fn$`);
  await run(`CREATE TRIGGER expenses_deal_rollup_insert_delete AFTER INSERT OR DELETE ON expenses
FOR EACH ROW EXECUTE FUNCTION expenses_deal_rollup_apply()`);
  const changed = EXPENSE_COLUMNS.map((c) => `OLD.${c} IS DISTINCT FROM NEW.${c}`).join(' OR ');
  await run(`CREATE TRIGGER expenses_deal_rollup_update AFTER UPDATE OF ${EXPENSE_COLUMNS.join(', ')} ON expenses
FOR EACH ROW WHEN (${changed}) EXECUTE FUNCTION expenses_deal_rollup_apply()`);
  await run(`CREATE OR REPLACE FUNCTION deals_rollup_apply() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  v_org text; v_deal text; v_oo text := ''; v_oc text := ''; v_no text := ''; v_nc text := '';
BEGIN
  IF TG_OP = 'DELETE' OR TG_OP = 'UPDATE' THEN
    v_org := OLD.org_id; v_deal := OLD.deal_id;
    v_oo := COALESCE(OLD.forecast_type, ''); v_oc := COALESCE(substr(OLD.closing_date, 1, 7), '');
  END IF;
  IF TG_OP = 'INSERT' OR TG_OP = 'UPDATE' THEN
    v_org := NEW.org_id; v_deal := NEW.deal_id;
    v_no := COALESCE(NEW.forecast_type, ''); v_nc := COALESCE(substr(NEW.closing_date, 1, 7), '');
  END IF;
  IF v_oo = v_no AND v_oc = v_nc THEN RETURN NULL; END IF;
${body(dealMoveStatements({ org: 'v_org', deal: 'v_deal', oldOutcome: 'v_oo', oldClosing: 'v_oc', newOutcome: 'v_no', newClosing: 'v_nc' }))}
  RETURN NULL;
END
$fn$`);
  await run(`CREATE TRIGGER deals_rollup_apply AFTER INSERT OR UPDATE OR DELETE ON deals
FOR EACH ROW EXECUTE FUNCTION deals_rollup_apply()`);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await sql`DROP TRIGGER IF EXISTS deals_rollup_apply ON deals`.execute(db);
    await sql`DROP TRIGGER IF EXISTS expenses_deal_rollup_update ON expenses`.execute(db);
    await sql`DROP TRIGGER IF EXISTS expenses_deal_rollup_insert_delete ON expenses`.execute(db);
    await sql`DROP FUNCTION IF EXISTS deals_rollup_apply()`.execute(db);
    await sql`DROP FUNCTION IF EXISTS expenses_deal_rollup_apply()`.execute(db);
  } else {
    for (const t of [
      'expenses_deal_rollup_insert',
      'expenses_deal_rollup_delete',
      'expenses_deal_rollup_update',
      'deals_rollup_insert',
      'deals_rollup_delete',
      'deals_rollup_update',
    ]) {
      await sql.raw(`DROP TRIGGER IF EXISTS ${t}`).execute(db);
    }
  }
  for (const t of [...DEAL_ROLLUP_TABLES].reverse()) await db.schema.dropTable(t).ifExists().execute();
}

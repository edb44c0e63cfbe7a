/**
 * Analytics at scale: 1,000,000 expenses over 50,000 deals and 500 users, on SQLite and PostgreSQL.
 * Each default report (admin, no filters, first page of 50) is timed as a ratio to a full-table
 * `SELECT sum(base_amount) FROM expenses` measured in the same run; target ≤ 0.1.
 *
 * Bulk load: the rollup triggers are switched off while the expenses are loaded (SQLite: dropped and
 * re-created from their stored SQL; PostgreSQL: ALTER TABLE … DISABLE TRIGGER USER), the rollups are
 * then built once with INSERT … SELECT (rebuildTriggerTables, which also rebuilds expense_attendees) and
 * the triggers switched back on. The run ends with a reconciliation, so the bench also shows the
 * rebuilt tables are exact.
 *
 * PostgreSQL (when it answers; see lib/postgres.ts), in a schema of
 * its own that is dropped afterwards. Skipped with a note when PostgreSQL does not answer.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import type pg from 'pg';
import { type DatabaseHandle, openDatabase } from '../server/db/connect.js';
import { DEFAULT_REPORT_KEYS } from '../server/domain/analytics/default-reports.js';
import { customerNameKey } from '../server/domain/sync-duplicates.js';
import { runDefaultReport } from '../server/modules/analytics/default-report-queries.js';
import type { Scope } from '../server/modules/analytics/facts.js';
import { rebuildTriggerTables, reconcileRollups } from '../server/modules/analytics/rollups.js';
import { orgDeals } from '../server/modules/deals/visible-deals.js';
import { benchPostgresUrl, dropSchema } from './lib/postgres.js';
import { printRatioTable, type RatioRow } from './lib/ratio-table.js';

const EXPENSES = Number(process.env.BENCH_EXPENSES ?? 1_000_000);
const DEALS = Math.max(1, Math.round(EXPENSES / 20));
const USERS = 500;
const CATEGORIES = 12;
const CUSTOMERS = 5_000;
const ORG = 'bench-org';
const T0 = '2026-01-01T00:00:00.000Z';
const REPEATS = 5;

/** Deterministic PRNG (mulberry32), so every run measures the same data. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ (t + t);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const OUTCOMES = ['Open', 'Closed Won', 'Closed Lost'] as const;
const STATUSES = [
  'approved',
  'approved',
  'reimbursed',
  'reimbursed',
  'submitted',
  'submitted',
  'unreported',
  'unsubmitted',
  'rejected',
  'approved',
];

interface Deal {
  id: string;
  outcome: (typeof OUTCOMES)[number];
  owner: number;
  customer: number;
  closing: string;
}

function makeDeals(): Deal[] {
  const r = rng(7);
  return Array.from({ length: DEALS }, (_, i) => {
    const month = 1 + Math.floor(r() * 24);
    const y = 2025 + Math.floor((month - 1) / 12);
    const m = ((month - 1) % 12) + 1;
    return {
      id: `deal${i}`,
      outcome: OUTCOMES[Math.floor(r() * 3)] ?? 'Open',
      owner: Math.floor(r() * USERS),
      customer: Math.floor(r() * CUSTOMERS),
      closing: `${y}-${String(m).padStart(2, '0')}-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}`,
    };
  });
}

/** Expense i: on deal i/20, by the deal's owner or a colleague, in the two months before closing. */
function expenseAt(i: number, deals: Deal[], r: () => number) {
  const deal = deals[Math.floor(i / 20) % deals.length] as Deal;
  const user = r() < 0.7 ? deal.owner : Math.floor(r() * USERS);
  const [y, m] = deal.closing.split('-').map(Number) as [number, number];
  const back = Math.floor(r() * 2);
  const mm = m - back < 1 ? m - back + 12 : m - back;
  const yy = m - back < 1 ? y - 1 : y;
  return {
    expense_id: `e${i}`,
    user_id: `u${user}`,
    date: `${yy}-${String(mm).padStart(2, '0')}-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}`,
    category_id: `c${Math.floor(r() * 4) + (deal.owner % (CATEGORIES - 4))}`,
    base_amount: 500 + Math.floor(r() * 50_000),
    customer_id: `k${deal.customer}`,
    deal_id: deal.id,
    status: STATUSES[Math.floor(r() * STATUSES.length)] as string,
  };
}

async function seedDimensions(handle: DatabaseHandle, deals: Deal[]): Promise<void> {
  const db = handle.db;
  await db
    .insertInto('organizations')
    .values({
      org_id: ORG,
      name: 'Bench',
      base_currency: 'USD',
      time_zone: 'UTC',
      settings: '{}',
      created_time: T0,
      last_modified_time: T0,
    })
    .execute();
  const chunks = <T>(xs: T[], n: number) =>
    Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));
  const users = Array.from({ length: USERS }, (_, i) => ({
    user_id: `u${i}`,
    org_id: ORG,
    zuid: null,
    email: `u${i}@bench.example`,
    name: `User ${i}`,
    user_role: (i === 0 ? 'admin' : i < 50 ? 'approver' : 'submitter') as 'admin' | 'approver' | 'submitter',
    status: 'active' as const,
    manager_id: i < 50 ? null : `u${i % 50}`,
    department_id: `dep${i % 10}`,
    employee_number: null,
    is_from_crm: 0 as const,
    is_from_zoho_people: 0 as const,
    created_time: T0,
    last_modified_time: T0,
  }));
  for (const c of chunks(users, 500)) await db.insertInto('users').values(c).execute();
  await db
    .insertInto('expense_categories')
    .values(
      Array.from({ length: CATEGORIES }, (_, i) => ({
        category_id: `c${i}`,
        org_id: ORG,
        category_name: `Category ${i}`,
        description: '',
        is_enabled: 1 as const,
        created_time: T0,
        last_modified_time: T0,
      })),
    )
    .execute();
  const customers = Array.from({ length: CUSTOMERS }, (_, i) => ({
    contact_id: `k${i}`,
    org_id: ORG,
    contact_name: `Customer ${i}`,
    name_key: customerNameKey(`Customer ${i}`),
    customer_sub_type: 'business' as const,
    first_name: null,
    last_name: null,
    email: null,
    phone: null,
    company_name: null,
    account_id: null,
    status: 'active' as const,
    custom_fields: '{}',
    created_time: T0,
    last_modified_time: T0,
  }));
  for (const c of chunks(customers, 500)) await db.insertInto('contacts').values(c).execute();
  const dealRows = deals.map((d, i) => ({
    deal_id: d.id,
    org_id: ORG,
    deal_name: `Deal ${i}`,
    stage: d.outcome === 'Open' ? 'Negotiation' : d.outcome,
    forecast_type: d.outcome,
    amount: 1_000_000 + (i % 97) * 10_000,
    currency_code: 'USD',
    closing_date: d.closing,
    owner_id: `u${d.owner}`,
    account_id: `k${d.customer}`,
    contact_id: null,
    created_time: T0,
    last_modified_time: T0,
  }));
  for (const c of chunks(dealRows, 500)) await db.insertInto('deals').values(c).execute();
}

const EXPENSE_COLUMNS =
  'expense_id, org_id, user_id, date, category_id, amount, currency_code, exchange_rate, base_amount, merchant_name, description, reference_number, is_reimbursable, is_billable, customer_id, deal_id, project_id, report_id, attendees, expense_type, extra, status, created_time, last_modified_time';

function loadSqlite(file: string, deals: Deal[]): void {
  const raw = new SQLite(file);
  const triggers = raw
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'expenses'")
    .all() as Array<{ name: string; sql: string }>;
  for (const t of triggers) raw.exec(`DROP TRIGGER ${t.name}`);
  const insert = raw.prepare(
    `INSERT INTO expenses (${EXPENSE_COLUMNS}) VALUES (?, '${ORG}', ?, ?, ?, ?, 'USD', '1', ?, 'Merchant', 'Client visit', '', 1, 0, ?, ?, NULL, NULL, '[]', 'non_mileage', '{}', ?, '${T0}', '${T0}')`,
  );
  const r = rng(11);
  raw.transaction(() => {
    for (let i = 0; i < EXPENSES; i++) {
      const e = expenseAt(i, deals, r);
      insert.run(
        e.expense_id,
        e.user_id,
        e.date,
        e.category_id,
        e.base_amount,
        e.base_amount,
        e.customer_id,
        e.deal_id,
        e.status,
      );
    }
  })();
  raw.transaction(() => {
    for (const t of triggers) raw.exec(t.sql);
  })();
  raw.close();
}

async function loadPostgres(handle: DatabaseHandle, deals: Deal[]): Promise<void> {
  const pool = handle.pgPool as pg.Pool;
  const client = await pool.connect();
  try {
    await client.query('ALTER TABLE expenses DISABLE TRIGGER USER');
    const r = rng(11);
    const BATCH = 20_000;
    for (let start = 0; start < EXPENSES; start += BATCH) {
      const cols: Array<Array<string | number>> = Array.from({ length: 9 }, () => []);
      for (let i = start; i < Math.min(EXPENSES, start + BATCH); i++) {
        const e = expenseAt(i, deals, r);
        [
          e.expense_id,
          e.user_id,
          e.date,
          e.category_id,
          e.base_amount,
          e.base_amount,
          e.customer_id,
          e.deal_id,
          e.status,
        ].forEach((v, k) => {
          cols[k]?.push(v);
        });
      }
      await client.query(
        `INSERT INTO expenses (${EXPENSE_COLUMNS})
         SELECT id, '${ORG}', u, d, c, a, 'USD', '1', b, 'Merchant', 'Client visit', '', 1, 0, k, dl, NULL, NULL, '[]', 'non_mileage', '{}', s, '${T0}', '${T0}'
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::bigint[], $7::text[], $8::text[], $9::text[])
           AS t(id, u, d, c, a, b, k, dl, s)`,
        cols,
      );
    }
  } finally {
    client.release();
  }
}

async function median(run: () => Promise<unknown>): Promise<number> {
  await run(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    const t = process.hrtime.bigint();
    await run();
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? 0;
}

async function measure(label: string, handle: DatabaseHandle): Promise<RatioRow[]> {
  const { db } = handle;
  const baseline = await median(() => sql`SELECT sum(base_amount) AS s FROM expenses`.execute(db));
  const rows: RatioRow[] = [];
  const ctxFor = (scope: Scope) => ({
    db,
    orgId: ORG,
    baseCurrency: 'USD',
    scope,
    deals: orgDeals(db, ORG),
    seesEveryDeal: true,
    today: '2026-11-25',
  });
  for (const key of DEFAULT_REPORT_KEYS) {
    const ms = await median(() =>
      runDefaultReport(ctxFor({ kind: 'org' }), key, {}, { page: 1, perPage: 50 }),
    );
    rows.push({
      name: `${key} (${label})`,
      value: ms,
      baseline,
      unit: 'ms',
      better: 'lower',
      target: { op: '<=', ratio: 0.1 },
    });
  }
  // Not targeted: what an approver's team view and a date-filtered view cost (fine-grain rollups).
  const team = await median(() =>
    runDefaultReport(ctxFor({ kind: 'team', userId: 'u7' }), 'spend-per-deal', {}, { page: 1, perPage: 50 }),
  );
  rows.push({
    name: `spend-per-deal, approver's team (${label})`,
    value: team,
    baseline,
    unit: 'ms',
    better: 'lower',
  });
  const dated = await median(() =>
    runDefaultReport(
      ctxFor({ kind: 'org' }),
      'lost-deals',
      { date_from: '2025-03-15', date_to: '2025-06-30' },
      { page: 1, perPage: 50 },
    ),
  );
  rows.push({
    name: `lost-deals, 3½-month range (${label})`,
    value: dated,
    baseline,
    unit: 'ms',
    better: 'lower',
  });
  return rows;
}

async function runOn(label: string, handle: DatabaseHandle, load: () => Promise<void>): Promise<RatioRow[]> {
  const deals = makeDeals();
  let t = Date.now();
  await seedDimensions(handle, deals);
  await load();
  const loadS = (Date.now() - t) / 1000;
  t = Date.now();
  await handle.db.transaction().execute((trx) => rebuildTriggerTables(trx));
  const rebuildS = (Date.now() - t) / 1000;
  if (label === 'PostgreSQL') {
    await sql`ALTER TABLE expenses ENABLE TRIGGER USER`.execute(handle.db);
    await sql`ANALYZE`.execute(handle.db);
  } else {
    await sql`ANALYZE`.execute(handle.db);
  }
  const counts = await sql<{ n: number; r: number; d: number }>`SELECT
    (SELECT COUNT(*) FROM expenses) AS n, (SELECT COUNT(*) FROM spend_rollups) AS r, (SELECT COUNT(*) FROM deal_spend) AS d`.execute(
    handle.db,
  );
  const c = counts.rows[0];
  console.log(
    `${label}: ${Number(c?.n)} expenses loaded in ${loadS.toFixed(1)} s; rollups built in ${rebuildS.toFixed(1)} s ` +
      `(${Number(c?.r)} fine rows, ${Number(c?.d)} deal rows)`,
  );
  const rows = await measure(label, handle);
  const { drift } = await reconcileRollups(handle.db, ORG);
  console.log(`${label}: reconciliation drift ${drift.length === 0 ? 'none' : `${drift.length} keys`}`);
  return rows;
}

async function main(): Promise<void> {
  const rows: RatioRow[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dealspend-bench-'));
  const file = path.join(dir, 'bench.sqlite');
  const sqlite = await openDatabase({ sqliteFile: file });
  try {
    rows.push(...(await runOn('SQLite', sqlite, async () => loadSqlite(file, makeDeals()))));
  } finally {
    await sqlite.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  }

  const url = await benchPostgresUrl();
  const schema = `bench_analytics_${process.pid}`;
  if (url) {
    const h = await openDatabase({ databaseUrl: url, pgSchema: schema, poolSize: 4 });
    try {
      rows.push(...(await runOn('PostgreSQL', h, () => loadPostgres(h, makeDeals()))));
    } finally {
      await h.destroy();
      await dropSchema(url, schema);
    }
  }
  printRatioTable(
    `Analytics default reports vs a full-table sum() (${EXPENSES.toLocaleString('en')} expenses)`,
    rows,
  );
}

await main();

/**
 * API benchmark (issue 3): the real app vs a bare Fastify route doing the same single statement on
 * the same database, in the same run, over loopback HTTP.
 * - create expense: POST /api/v1/expenses with an Idempotency-Key vs a bare insert of the same row;
 * - list expenses by deal: GET /api/v1/expenses?deal_id= over 10,000 seeded expenses vs a bare
 *   indexed select of the same page.
 * Runs on SQLite, and on PostgreSQL when it answers (see lib/postgres.ts).
 * Target: both ratios ≥ 0.5.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { buildApp } from '../server/app.js';
import type { IdentityVerifier } from '../server/auth/zoho-identity.js';
import { loadConfig } from '../server/config.js';
import { type DatabaseHandle, openDatabase } from '../server/db/connect.js';
import { createIdGenerator, systemClock } from '../server/ids.js';
import { createOrganization } from '../server/modules/organizations/service.js';
import { benchPostgresUrl, dropSchema } from './lib/postgres.js';
import { printRatioTable, type RatioRow } from './lib/ratio-table.js';

/** Seconds per measured run; each side runs a warm-up and ROUNDS measured runs, alternating. */
const DURATION_S = Number(process.env.BENCH_SECONDS || 3);
const ROUNDS = 3;
const CONNECTIONS = 10;
const SEEDED = 10_000;
const DEALS = 100;

/** The benchmark signs in one user; the real verifier's cache makes repeat checks just as cheap. */
const verifier: IdentityVerifier = {
  verify: async () => ({ zuid: 'bench-zuid', email: 'bench@zylker.example', name: 'Bench User' }),
};

async function seed(handle: DatabaseHandle) {
  const ids = createIdGenerator();
  const { org, user } = await createOrganization(
    handle.db,
    { name: 'Bench', base_currency: 'USD' },
    { zuid: 'bench-zuid', email: 'bench@zylker.example', name: 'Bench User' },
    { clock: systemClock, ids },
  );
  const category = await handle.db
    .selectFrom('expense_categories')
    .select('category_id')
    .where('org_id', '=', org.org_id)
    .executeTakeFirstOrThrow();
  const now = new Date().toISOString();
  const account = ids();
  await handle.db
    .insertInto('contacts')
    .values({
      contact_id: account,
      org_id: org.org_id,
      contact_name: 'Bench Account',
      name_key: 'bench account',
      customer_sub_type: 'business',
      created_time: now,
      last_modified_time: now,
      custom_fields: '{}',
      status: 'active',
      first_name: null,
      last_name: null,
      email: null,
      phone: null,
      company_name: null,
      account_id: null,
    })
    .execute();
  const deals = Array.from({ length: DEALS }, () => ids());
  await handle.db
    .insertInto('deals')
    .values(
      deals.map((deal_id, i) => ({
        deal_id,
        org_id: org.org_id,
        deal_name: `Deal ${i}`,
        stage: 'Qualification',
        forecast_type: 'Open' as const,
        amount: 100000,
        currency_code: 'USD',
        closing_date: '2026-12-01',
        owner_id: user.user_id,
        account_id: account,
        contact_id: null,
        created_time: now,
        last_modified_time: now,
      })),
    )
    .execute();
  const rows = Array.from({ length: SEEDED }, (_, i) =>
    expenseRow(ids(), org.org_id, user.user_id, category.category_id, deals[i % DEALS]!, account, now),
  );
  for (let i = 0; i < rows.length; i += 500)
    await handle.db
      .insertInto('expenses')
      .values(rows.slice(i, i + 500))
      .execute();
  return {
    orgId: org.org_id,
    userId: user.user_id,
    categoryId: category.category_id,
    deal: deals[0]!,
    account,
  };
}

function expenseRow(
  id: string,
  orgId: string,
  userId: string,
  categoryId: string,
  dealId: string,
  account: string,
  now: string,
) {
  return {
    expense_id: id,
    org_id: orgId,
    user_id: userId,
    date: '2026-11-01',
    category_id: categoryId,
    amount: 1250,
    currency_code: 'USD',
    exchange_rate: '1',
    base_amount: 1250,
    merchant_name: 'Cafe',
    description: '',
    reference_number: '',
    is_reimbursable: 1 as const,
    is_billable: 0 as const,
    customer_id: account,
    deal_id: dealId,
    project_id: null,
    report_id: null,
    attendees: '[]',
    expense_type: 'non_mileage',
    extra: '{}',
    status: 'unreported' as const,
    created_time: now,
    last_modified_time: now,
  };
}

async function rate(
  url: string,
  opts: { method: 'GET' | 'POST'; body?: string; headers: Record<string, string>; idempotent?: boolean },
) {
  const result = await autocannon({
    url,
    method: opts.method,
    connections: CONNECTIONS,
    duration: DURATION_S,
    headers: opts.headers,
    ...(opts.body ? { body: opts.body } : {}),
    ...(opts.idempotent
      ? {
          requests: [
            {
              setupRequest: (req: any) => ({
                ...req,
                headers: { ...req.headers, 'idempotency-key': randomUUID() },
              }),
            },
          ],
        }
      : {}),
  });
  const bad = result.non2xx + result.errors;
  if (bad > 0) throw new Error(`${opts.method} ${url}: ${bad} failed requests of ${result.requests.total}`);
  return result.requests.average;
}

/**
 * Measures the app and its baseline in alternating rounds after a warm-up of each, and keeps each
 * side's median, so a burst of load from elsewhere on the machine hits both alike.
 */
async function interleaved(app: () => Promise<number>, bare: () => Promise<number>) {
  await app();
  await bare();
  const apps: number[] = [];
  const bares: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    apps.push(await app());
    bares.push(await bare());
  }
  return { app: median(apps), bare: median(bares) };
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function benchDialect(label: string, handle: DatabaseHandle): Promise<RatioRow[]> {
  const s = await seed(handle);
  const config = loadConfig({ LOG_LEVEL: 'silent', RATE_LIMIT_MAX: '100000000' });
  const app = await buildApp({
    config,
    database: handle,
    identity: verifier,
    logger: false,
    startWorkers: false,
  });
  const appUrl = await app.listen({ port: 0, host: '127.0.0.1' });

  const ids = createIdGenerator();
  const bare = Fastify({ logger: false });
  bare.post('/bare/expenses', async () => {
    const row = expenseRow(
      ids(),
      s.orgId,
      s.userId,
      s.categoryId,
      s.deal,
      s.account,
      new Date().toISOString(),
    );
    await handle.db.insertInto('expenses').values(row).execute();
    return { code: 0, expense: row };
  });
  bare.get('/bare/expenses', async () => {
    const rows = await handle.db
      .selectFrom('expenses')
      .selectAll()
      .where('org_id', '=', s.orgId)
      .where('deal_id', '=', s.deal)
      .orderBy('date', 'desc')
      .limit(51)
      .execute();
    return { code: 0, expenses: rows };
  });
  const bareUrl = await bare.listen({ port: 0, host: '127.0.0.1' });

  const headers = { authorization: 'Zoho-oauthtoken bench', 'content-type': 'application/json' };
  const body = JSON.stringify({
    date: '2026-11-02',
    category_id: s.categoryId,
    amount: 12.5,
    deal_id: s.deal,
    customer_id: s.account,
    merchant_name: 'Cafe',
  });

  const create = await interleaved(
    () => rate(`${appUrl}/api/v1/expenses`, { method: 'POST', body, headers, idempotent: true }),
    // The same request, fresh key and all, so the client does the same work for both sides.
    () => rate(`${bareUrl}/bare/expenses`, { method: 'POST', body, headers, idempotent: true }),
  );
  const list = await interleaved(
    () => rate(`${appUrl}/api/v1/expenses?deal_id=${s.deal}&per_page=50`, { method: 'GET', headers }),
    () => rate(`${bareUrl}/bare/expenses?deal_id=${s.deal}`, { method: 'GET', headers }),
  );
  await app.close();
  await bare.close();
  return [
    {
      name: `create expense, Idempotency-Key (${label})`,
      value: create.app,
      baseline: create.bare,
      unit: 'req/s',
      better: 'higher',
      target: { op: '>=', ratio: 0.5 },
    },
    {
      name: `list expenses by deal, 10k seeded (${label})`,
      value: list.app,
      baseline: list.bare,
      unit: 'req/s',
      better: 'higher',
      target: { op: '>=', ratio: 0.5 },
    },
  ];
}

async function main() {
  const rows: RatioRow[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dealspend-bench-'));
  const sqlite = await openDatabase({ sqliteFile: path.join(dir, 'bench.sqlite') });
  rows.push(...(await benchDialect('SQLite', sqlite)));
  await sqlite.destroy();
  fs.rmSync(dir, { recursive: true, force: true });

  const url = await benchPostgresUrl();
  if (url) {
    const schema = `bench_api_${Date.now()}`;
    const handle = await openDatabase({ databaseUrl: url, pgSchema: schema, poolSize: 10 });
    try {
      rows.push(...(await benchDialect('PostgreSQL', handle)));
    } finally {
      await handle.destroy();
      await dropSchema(url, schema);
    }
  }
  printRatioTable(
    `API throughput vs a bare Fastify route (${DURATION_S}s each, ${CONNECTIONS} connections)`,
    rows,
  );
}

await main();

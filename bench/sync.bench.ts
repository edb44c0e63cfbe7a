/**
 * Sync benchmark: a full sync of the sandbox's scale mode (N accounts, 3N contacts; N = 100,000 by
 * default, SYNC_BENCH_SCALE to change) on SQLite and, when it answers (lib/postgres.ts), PostgreSQL,
 * against a plain loop that only pages through the same data with the same client in the same run.
 * Also: peak memory growth during the sync, and an incremental (daily) sync of 1% changed records
 * as a share of the full sync's time.
 *
 * The sandbox runs in a child process, as Zoho is a remote service: its serialising costs neither
 * side this process's time, and the sync's read-ahead overlaps it as it would with Zoho. Each
 * database is measured in a child process of its own (see CHILD).
 *
 * Scale-mode records are generated and read-only; their Modified_Time grows with the index, so
 * "1% changed" is the newest 1% past the incremental marker, and those rows are edited locally
 * first so the incremental run really writes them back.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildSeed } from '../sandbox/data/seed.js';
import { buildApp } from '../server/app.js';
import { loadConfig } from '../server/config.js';
import { openDatabase } from '../server/db/connect.js';
import { normalizeTime } from '../server/domain/sync-mapping.js';
import { readModules } from '../server/sync/integration-settings.js';
import { fieldsFor } from '../server/sync/modules/crm-customers.js';
import { syncRuntimeOf } from '../server/sync/runtime.js';
import { enqueueSync } from '../server/sync/scheduler.js';
import { afterListingPage, type Checkpoint, laterOf } from '../server/sync/step-env.js';
import { createCrmClient } from '../server/zoho/crm-client.js';
import { staticTokenSource } from '../server/zoho/token-source.js';
import { createZohoHttp } from '../server/zoho/zoho-http.js';
import { testVerifier } from '../test/helpers/test-app.js';
import { cores, cpuSecondsOf, cpuSecondsOfCommand, ownCpuSeconds } from './lib/cpu.js';
import { benchPostgresUrl, dropSchema } from './lib/postgres.js';
import { printRatioTable, type RatioRow } from './lib/ratio-table.js';

const N = Number(process.env.SYNC_BENCH_SCALE ?? 100_000);
const ADMIN = { authorization: 'Zoho-oauthtoken test:admin@zylker.example' };
const ZYLKER = buildSeed().crmOrgs[0]!.org.id;
const MB = 1024 * 1024;

/**
 * Each database is measured in its own child process (so one run's heap never counts as the other's
 * memory growth), against one sandbox and one plain-loop baseline taken by this parent process.
 */
const CHILD = process.env.SYNC_BENCH_CHILD as 'SQLite' | 'PostgreSQL' | undefined;

async function startSandbox() {
  const child = spawn(process.execPath, ['--import', 'tsx', 'sandbox/main.ts'], {
    env: { ...process.env, SANDBOX_PORT: '0', SANDBOX_SCALE: String(N) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const listening = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`the sandbox exited (${code}) before listening`)));
  });
  return { child, url: listening };
}

const sandbox = CHILD ? undefined : await startSandbox();
const url = sandbox?.url ?? String(process.env.SYNC_BENCH_SANDBOX_URL);
const sandboxPid = sandbox?.child.pid ?? Number(process.env.SYNC_BENCH_SANDBOX_PID);

/** CPU seconds used so far by this process, the sandbox and PostgreSQL's processes. */
function cpuNow() {
  return { own: ownCpuSeconds(), sandbox: cpuSecondsOf(sandboxPid), pg: cpuSecondsOfCommand('postgres') };
}
type CpuUse = { own: number; sandbox?: number; pg?: number };

function cpuSince(before: ReturnType<typeof cpuNow>): CpuUse {
  const now = cpuNow();
  const minus = (a?: number, b?: number) => (a === undefined || b === undefined ? undefined : a - b);
  return {
    own: now.own - before.own,
    sandbox: minus(now.sandbox, before.sandbox),
    pg: minus(now.pg, before.pg),
  };
}

/**
 * Where the CPU went, and the best ratio this machine allows that CPU: even spread perfectly over
 * every core, the work takes its total CPU time divided by the cores.
 */
function cpuNote(use: CpuUse, baselineMs: number, withPg: boolean): string {
  const parts = [`this process ${use.own.toFixed(1)}`];
  if (use.sandbox !== undefined) parts.push(`sandbox ${use.sandbox.toFixed(1)}`);
  if (withPg && use.pg !== undefined) parts.push(`PostgreSQL ${use.pg.toFixed(1)}`);
  const total = use.own + (use.sandbox ?? 0) + (withPg ? (use.pg ?? 0) : 0);
  const floorMs = (total / cores) * 1000;
  return `CPU-s: ${parts.join(', ')}; on ${cores} cores no faster than ${(floorMs / 1000).toFixed(1)} s, ratio at most ${(baselineMs / floorMs).toFixed(2)}`;
}
const env = {
  ZOHO_ACCOUNTS_URL: url,
  ZOHO_CRM_API_URL: url,
  ZOHO_PEOPLE_API_URL: url,
  LOG_LEVEL: 'silent' as const,
};

async function connectedApp(dbOptions: Parameters<typeof openDatabase>[0]) {
  const database = await openDatabase(dbOptions);
  const app = await buildApp({
    config: loadConfig(env),
    database,
    identity: testVerifier,
    logger: false,
    startWorkers: false,
  });
  const call = (method: 'GET' | 'PUT' | 'POST', u: string, payload?: object) =>
    app.inject({ method, url: `/api/v1/integrations${u}`, headers: ADMIN, ...(payload ? { payload } : {}) });
  await call('GET', '/crm');
  const start = await call('GET', '/crm/connect');
  const consent = await fetch(String(start.headers.location), { redirect: 'manual' });
  const back = new URL(String(consent.headers.get('location')));
  await app.inject({ method: 'GET', url: `${back.pathname}${back.search}` });
  await call('PUT', '/crm/org', { crm_org_id: ZYLKER });
  await call('PUT', '/crm/settings', {
    customers: { module: 'accounts_and_contacts' },
    deals: { enabled: false },
  });
  return { app, database };
}

/**
 * The baseline: page through Accounts and Contacts with the same client, doing nothing else, past
 * Zoho's 100,000-record listing limit in windows as the sync does (afterListingPage).
 */
async function plainLoop() {
  const tokenRes = await fetch(`${url}/__sandbox/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@zylker.example' }),
  });
  const token = ((await tokenRes.json()) as { access_token: string }).access_token;
  const crm = createCrmClient(
    createZohoHttp({ fetch, tokens: staticTokenSource(token), headers: { 'X-CRM-ORG': ZYLKER } }),
    url,
  );
  const cpu0 = cpuNow();
  const t0 = performance.now();
  let records = 0;
  for (const module of ['Accounts', 'Contacts'] as const) {
    const fields = fieldsFor(module, {});
    let cp: Checkpoint = { phase: 'pull', since: null, deletedSince: null, maxSeen: null, maxDeleted: null };
    while (cp.phase === 'pull') {
      const page = await crm.listPage(module, cp.cursor ?? { page: 1 }, {
        fields,
        modifiedSince: cp.since ?? undefined,
      });
      records += page.records.length;
      let maxSeen = cp.maxSeen;
      for (const r of page.records) maxSeen = laterOf(maxSeen, normalizeTime(r.Modified_Time));
      cp = afterListingPage(cp, page.next, maxSeen, 'done', true);
    }
  }
  return { ms: performance.now() - t0, records, cpu: cpuSince(cpu0) };
}
type Baseline = Awaited<ReturnType<typeof plainLoop>>;

async function measure(
  label: string,
  dbOptions: Parameters<typeof openDatabase>[0],
  baseline: Baseline,
): Promise<RatioRow[]> {
  const { app, database } = await connectedApp(dbOptions);
  const db = database.db;
  const rt = syncRuntimeOf(app.ctx);
  const integration = await db.selectFrom('integrations').selectAll().executeTakeFirstOrThrow();
  (globalThis as { gc?: () => void }).gc?.();
  const rss0 = process.memoryUsage().rss;
  let peak = rss0;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  const cpu0 = cpuNow();
  const t0 = performance.now();
  await enqueueSync(db, integration, 'initial', new Date(), app.ctx.ids);
  await rt.drain();
  const fullMs = performance.now() - t0;
  const cpu = cpuSince(cpu0);
  clearInterval(sampler);
  const count = await db
    .selectFrom('contacts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  if (Number(count.n) !== N * 4) throw new Error(`${label}: expected ${N * 4} customers, found ${count.n}`);

  // Incremental: move the markers back by 1% of each module and edit those rows locally.
  const row = await db.selectFrom('integrations').selectAll().executeTakeFirstOrThrow();
  const modules = readModules(row.modules);
  for (const [m, n] of [
    ['accounts', N],
    ['contacts', N * 3],
  ] as const) {
    const marker = Date.parse(modules[m]!.marker!);
    modules[m]!.marker = new Date(marker - Math.floor(n / 100) * 1000).toISOString();
    const newest = await db
      .selectFrom('sync_links')
      .select('local_id')
      .where('module', '=', m)
      .orderBy('external_id', 'desc')
      .limit(Math.floor(n / 100))
      .execute();
    for (let i = 0; i < newest.length; i += 500) {
      await db
        .updateTable('contacts')
        .set({ phone: 'edited' })
        .where(
          'contact_id',
          'in',
          newest.slice(i, i + 500).map((r) => r.local_id),
        )
        .execute();
    }
  }
  await db
    .updateTable('integrations')
    .set({ modules: JSON.stringify(modules) })
    .execute();
  const t1 = performance.now();
  await enqueueSync(db, row, 'daily', new Date(), app.ctx.ids);
  await rt.drain();
  const incMs = performance.now() - t1;
  const updated = await db
    .selectFrom('sync_runs')
    .select(['module', 'updated', 'fetched'])
    .where('trigger', '=', 'daily')
    .execute();
  await app.close();
  await database.destroy();
  const records = N * 4;
  return [
    {
      name: `full sync throughput (${label})`,
      value: records / (fullMs / 1000),
      baseline: baseline.records / (baseline.ms / 1000),
      unit: 'records/s',
      better: 'higher',
      target: { op: '>=', ratio: 0.6 },
      note: `${(fullMs / 1000).toFixed(1)} s for ${records} records; plain paging ${(baseline.ms / 1000).toFixed(1)} s for ${baseline.records} (${cpuNote(baseline.cpu, baseline.ms, false)}); sync ${cpuNote(cpu, baseline.ms, label === 'PostgreSQL')}`,
    },
    {
      name: `peak memory growth during full sync (${label})`,
      value: (peak - rss0) / MB,
      baseline: 150,
      unit: 'MB',
      better: 'lower',
      target: { op: '<=', ratio: 1 },
    },
    {
      name: `incremental sync of 1% changed (${label})`,
      value: incMs,
      baseline: fullMs,
      unit: 'ms',
      better: 'lower',
      target: { op: '<=', ratio: 0.05 },
      note: updated.map((u) => `${u.module}: ${u.fetched} fetched, ${u.updated} updated`).join('; '),
    },
  ];
}

/** Runs one database's measurement in a child process and returns its rows. */
function measureInChild(label: 'SQLite' | 'PostgreSQL', baseline: Baseline) {
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--expose-gc', new URL(import.meta.url).pathname],
    {
      env: {
        ...process.env,
        SYNC_BENCH_CHILD: label,
        SYNC_BENCH_SANDBOX_URL: url,
        SYNC_BENCH_SANDBOX_PID: String(sandboxPid),
        SYNC_BENCH_BASELINE: JSON.stringify(baseline),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
      encoding: 'utf8',
      maxBuffer: 16 * MB,
    },
  );
  const line = run.stdout.split('\n').find((l) => l.startsWith('ROWS '));
  if (run.status !== 0 || !line) throw new Error(`the ${label} measurement failed (exit ${run.status})`);
  return JSON.parse(line.slice(5)) as RatioRow[];
}

if (CHILD) {
  const baseline = JSON.parse(String(process.env.SYNC_BENCH_BASELINE)) as Baseline;
  let rows: RatioRow[];
  if (CHILD === 'SQLite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dealspend-sync-bench-'));
    try {
      rows = await measure('SQLite', { sqliteFile: path.join(dir, 'bench.sqlite') }, baseline);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  } else {
    const pgUrl = String(await benchPostgresUrl());
    const schema = `bench_sync_${Date.now()}`;
    try {
      rows = await measure('PostgreSQL', { databaseUrl: pgUrl, pgSchema: schema, poolSize: 4 }, baseline);
    } finally {
      await dropSchema(pgUrl, schema);
    }
  }
  console.log(`ROWS ${JSON.stringify(rows)}`);
} else {
  const rows: RatioRow[] = [];
  try {
    const baseline = await plainLoop();
    rows.push(...measureInChild('SQLite', baseline));
    if (await benchPostgresUrl()) rows.push(...measureInChild('PostgreSQL', baseline));
  } finally {
    sandbox?.child.kill();
  }
  printRatioTable(`Sync of ${N} accounts and ${N * 3} contacts (scale mode)`, rows);
}

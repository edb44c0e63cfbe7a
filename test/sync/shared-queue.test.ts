/**
 * Several server instances on one PostgreSQL schema, each with its background runner started: the
 * pg-boss path (wake-up queue and daily cron). SQLite has one in-process runner, so this runs on
 * PostgreSQL only.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createSandbox } from '../../sandbox/server.js';
import { buildApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { openDatabase } from '../../server/db/connect.js';
import { DAILY_CRON, DAILY_QUEUE, queueSchemaOf, syncRuntimeOf } from '../../server/sync/runtime.js';
import { enqueueDueSyncs } from '../../server/sync/scheduler.js';
import { DIALECTS } from '../helpers/dialects.js';
import { as, testVerifier } from '../helpers/test-app.js';
import { ADMIN, ZYLKER_CRM_ORG } from './sync-world.js';

const SCALE = 300;
const INSTANCES = 3;
const MODULES = ['accounts', 'contacts', 'deals'];

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe.runIf(DIALECTS.includes('postgres'))('several server instances on PostgreSQL', () => {
  it('share syncs through pg-boss: every job runs once, every record exists once, one daily run per module', async () => {
    const url = process.env.TEST_DATABASE_URL!;
    const sandbox = await createSandbox({ scale: SCALE });
    await sandbox.listen({ port: 0, host: '127.0.0.1' });
    const address = sandbox.server.address();
    const sandboxUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const schema = `queue_${randomBytes(5).toString('hex')}`;
    const instances: Array<Awaited<ReturnType<typeof startInstance>>> = [];
    onTestFinished(async () => {
      for (const i of instances) {
        await i.app.close();
        await i.database.destroy();
      }
      await sandbox.close();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.query(`DROP SCHEMA IF EXISTS ${queueSchemaOf(schema)} CASCADE`);
      await c.end();
    });

    async function startInstance() {
      const database = await openDatabase({ databaseUrl: url, pgSchema: schema, poolSize: 3 });
      const app = await buildApp({
        config: loadConfig({
          DATABASE_URL: url,
          ZOHO_ACCOUNTS_URL: sandboxUrl,
          ZOHO_CRM_API_URL: sandboxUrl,
          ZOHO_PEOPLE_API_URL: sandboxUrl,
          LOG_LEVEL: 'silent',
        }),
        database,
        identity: testVerifier,
        logger: false,
        startWorkers: true,
      });
      // Only pg-boss wake-ups move the work along: the local safety poll is far longer than the
      // test waits.
      syncRuntimeOf(app.ctx).tune({ backoff: { baseMs: 5, capMs: 50 }, retryBaseMs: 0, pollMs: 600_000 });
      await app.ready();
      return { app, database, db: database.db };
    }
    // One after another: the first one creates the schema and runs the migrations.
    for (let n = 0; n < INSTANCES; n++) instances.push(await startInstance());
    const [first] = instances;
    const db = first!.db;

    const admin = as(ADMIN);
    const call = (method: 'GET' | 'PUT' | 'POST', u: string, payload?: object) =>
      first!.app.inject({
        method,
        url: `/api/v1/integrations${u}`,
        headers: admin,
        ...(payload ? { payload } : {}),
      });
    expect((await call('GET', '/crm')).statusCode).toBe(200);
    const start = await call('GET', '/crm/connect');
    const consent = await fetch(String(start.headers.location), { redirect: 'manual' });
    const back = new URL(String(consent.headers.get('location')));
    const done = await first!.app.inject({ method: 'GET', url: `${back.pathname}${back.search}` });
    expect(done.statusCode).toBe(200);
    expect((await call('PUT', '/crm/org', { crm_org_id: ZYLKER_CRM_ORG })).statusCode).toBe(200);
    expect(
      (await call('PUT', '/crm/settings', { customers: { module: 'accounts_and_contacts' } })).statusCode,
    ).toBe(200);

    const liveJobs = async () =>
      (
        await db
          .selectFrom('sync_jobs')
          .select('job_id')
          .where('status', 'in', ['queued', 'running'])
          .execute()
      ).length;

    // Instant Sync on one instance; every instance is woken too, so they race for the jobs.
    expect((await call('POST', '/crm/sync', {})).statusCode).toBe(202);
    for (const i of instances) syncRuntimeOf(i.app.ctx).wake();
    await until(async () => (await liveJobs()) === 0, 'the instant sync to finish');

    const jobs = await db.selectFrom('sync_jobs').selectAll().execute();
    expect(jobs.map((j) => [j.module, j.status]).sort()).toEqual(MODULES.map((m) => [m, 'done']));
    const runs = await db.selectFrom('sync_runs').selectAll().execute();
    // One run per job, and each record counted once: a second pass would add a run or count skips.
    expect(runs.map((r) => r.run_id).sort()).toEqual(jobs.map((j) => j.run_id).sort());
    const created = Object.fromEntries(runs.map((r) => [r.module, [r.status, r.created, r.skipped]]));
    expect(created).toEqual({
      accounts: ['completed', SCALE, 0],
      contacts: ['completed', SCALE * 3, 0],
      deals: ['completed', SCALE, 0],
    });
    const customers = await db.selectFrom('contacts').select('contact_id').execute();
    expect(customers).toHaveLength(SCALE * 4);
    const links = await db.selectFrom('sync_links').select(['local_id']).execute();
    expect(links).toHaveLength(SCALE * 5);
    expect(new Set(links.map((l) => l.local_id)).size).toBe(links.length);
    expect(await db.selectFrom('deals').select('deal_id').execute()).toHaveLength(SCALE);

    // The daily check runs on every instance; when the integration is due, one of them enqueues.
    await db
      .updateTable('integrations')
      .set({ next_sync_time: new Date(Date.now() - 60_000).toISOString() })
      .execute();
    const enqueued = await Promise.all(
      instances.map((i) => enqueueDueSyncs(i.db, new Date(), i.app.ctx.ids)),
    );
    expect(enqueued.reduce((a, b) => a + b, 0)).toBe(1);
    for (const i of instances) syncRuntimeOf(i.app.ctx).wake();
    await until(async () => (await liveJobs()) === 0, 'the daily sync to finish');
    const daily = await db.selectFrom('sync_runs').selectAll().where('trigger', '=', 'daily').execute();
    expect(daily.map((r) => [r.module, r.status, r.created]).sort()).toEqual(
      MODULES.map((m) => [m, 'completed', 0]),
    );
    expect(await db.selectFrom('contacts').select('contact_id').execute()).toHaveLength(SCALE * 4);

    // The daily check itself is a pg-boss cron, stored once however many instances scheduled it.
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      const { rows } = await c.query(`SELECT name, cron FROM ${queueSchemaOf(schema)}.schedule`);
      expect(rows).toEqual([{ name: DAILY_QUEUE, cron: DAILY_CRON }]);
    } finally {
      await c.end();
    }
  }, 120_000);
});

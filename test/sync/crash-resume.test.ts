import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createSandbox } from '../../sandbox/server.js';
import { buildApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { openDatabase } from '../../server/db/connect.js';
import { DIALECTS } from '../helpers/dialects.js';
import { as, testVerifier } from '../helpers/test-app.js';
import { ADMIN, ZYLKER_CRM_ORG } from './sync-world.js';

const SCALE = 1200;

function startServer(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(import.meta.dirname, 'fixtures/server-process.ts')],
    {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return new Promise((resolve, reject) => {
    let err = '';
    child.stderr?.on('data', (d) => {
      err += String(d);
    });
    child.stdout?.on('data', (d) => {
      if (String(d).includes('ready')) resolve(child);
    });
    child.on('exit', (code) => reject(new Error(`server exited ${code}: ${err}`)));
  });
}

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 120_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe.each(DIALECTS)('crash and resume (%s)', (dialect) => {
  it('a server killed with SIGKILL mid-run resumes from its checkpoint and every record exists exactly once', async () => {
    const sandbox = await createSandbox({ scale: SCALE });
    await sandbox.listen({ port: 0, host: '127.0.0.1' });
    onTestFinished(() => sandbox.close());
    const address = sandbox.server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    // Slow pages so the kill lands in the middle of the contacts.
    await sandbox.inject({
      method: 'POST',
      url: '/__sandbox/faults',
      payload: { path: '/crm/v8/Contacts*', latencyMs: 25 },
    });

    const env: NodeJS.ProcessEnv = {
      ZOHO_ACCOUNTS_URL: url,
      ZOHO_CRM_API_URL: url,
      ZOHO_PEOPLE_API_URL: url,
    };
    let dbOptions: Parameters<typeof openDatabase>[0];
    if (dialect === 'postgres') {
      const schema = `crash_${randomBytes(5).toString('hex')}`;
      dbOptions = { databaseUrl: process.env.TEST_DATABASE_URL, pgSchema: schema, poolSize: 2 };
      env.CRASH_PG_URL = process.env.TEST_DATABASE_URL;
      env.CRASH_PG_SCHEMA = schema;
      onTestFinished(async () => {
        const c = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
        await c.connect();
        await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await c.end();
      });
    } else {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dealspend-crash-'));
      dbOptions = { sqliteFile: path.join(dir, 'db.sqlite') };
      env.CRASH_SQLITE_FILE = dbOptions.sqliteFile;
      onTestFinished(() => fs.rmSync(dir, { recursive: true, force: true }));
    }
    const database = await openDatabase(dbOptions);
    const app = await buildApp({
      config: loadConfig({ ...env, LOG_LEVEL: 'silent' }),
      database,
      identity: testVerifier,
      logger: false,
      startWorkers: false,
    });
    onTestFinished(async () => {
      await app.close();
      await database.destroy();
    });
    const admin = as(ADMIN);
    const call = (method: 'GET' | 'PUT' | 'POST', u: string, payload?: object) =>
      app.inject({
        method,
        url: `/api/v1/integrations${u}`,
        headers: admin,
        ...(payload ? { payload } : {}),
      });
    await call('GET', '/crm');
    const start = await call('GET', '/crm/connect');
    const consent = await fetch(String(start.headers.location), { redirect: 'manual' });
    const back = new URL(String(consent.headers.get('location')));
    expect((await app.inject({ method: 'GET', url: `${back.pathname}${back.search}` })).statusCode).toBe(200);
    expect((await call('PUT', '/crm/org', { crm_org_id: ZYLKER_CRM_ORG })).statusCode).toBe(200);
    expect(
      (await call('PUT', '/crm/settings', { customers: { module: 'accounts_and_contacts' } })).statusCode,
    ).toBe(200);
    expect((await call('POST', '/crm/sync', {})).statusCode).toBe(202);

    const db = database.db;
    const fetchedContacts = async () =>
      Number(
        (
          await db
            .selectFrom('sync_runs')
            .select('fetched')
            .where('module', '=', 'contacts')
            .executeTakeFirst()
        )?.fetched ?? 0,
      );
    let child = await startServer(env);
    onTestFinished(() => {
      child.kill('SIGKILL');
    });
    await until(async () => (await fetchedContacts()) >= 800, 'the contacts run to get going');
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const atKill = await fetchedContacts();
    expect(atKill).toBeLessThan(SCALE * 3);
    const live = await db
      .selectFrom('sync_jobs')
      .selectAll()
      .where('module', '=', 'contacts')
      .executeTakeFirstOrThrow();
    expect(live.status).toBe('running');
    expect(JSON.parse(live.checkpoint).cursor.page).toBeGreaterThan(1);

    child = await startServer(env);
    await until(
      async () =>
        (
          await db
            .selectFrom('sync_jobs')
            .select('job_id')
            .where('status', 'in', ['queued', 'running'])
            .execute()
        ).length === 0,
      'every job to finish',
    );
    child.kill('SIGKILL');

    const runs = await db.selectFrom('sync_runs').selectAll().orderBy('started_time').execute();
    expect(runs.map((r) => [r.module, r.status])).toEqual([
      ['accounts', 'completed'],
      ['contacts', 'completed'],
      ['deals', 'completed'],
    ]);
    // The resumed run continued the same run: one run per module, counting each record once.
    const contactsRun = runs.find((r) => r.module === 'contacts')!;
    expect(contactsRun.created).toBe(SCALE * 3);
    const customers = await db.selectFrom('contacts').select(['contact_id']).execute();
    expect(customers).toHaveLength(SCALE * 4);
    const links = await db.selectFrom('sync_links').select(['module', 'local_id']).execute();
    expect(links).toHaveLength(SCALE * 5);
    expect(new Set(links.map((l) => l.local_id)).size).toBe(links.length);
    expect(await db.selectFrom('deals').select('deal_id').execute()).toHaveLength(SCALE);
  }, 240_000);
});

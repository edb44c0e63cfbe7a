/**
 * Test world for sync tests: the sandbox listening on a real port (0), the DealSpend app pointed at
 * it, the Zylker admin signed in, and helpers to connect an integration through the real OAuth
 * redirects and to run queued sync jobs.
 */
import type { FastifyInstance } from 'fastify';
import { onTestFinished } from 'vitest';
import { createSandbox, type SandboxOptions } from '../../sandbox/server.js';
import type { DialectName } from '../../server/db/dialect.js';
import { syncRuntimeOf } from '../../server/sync/runtime.js';
import { enqueueDueSyncs } from '../../server/sync/scheduler.js';
import { as, buildTestApp } from '../helpers/test-app.js';

export const ADMIN = 'admin@zylker.example';
export const ZYLKER_CRM_ORG = '60012345678';
export const EUROPE_CRM_ORG = '60087654321';

export interface SyncWorld {
  app: FastifyInstance;
  sandbox: FastifyInstance;
  sandboxUrl: string;
  db: Awaited<ReturnType<typeof buildTestApp>>['db'];
  orgId: string;
  admin: Record<string, string>;
  connect(system: 'crm' | 'people'): Promise<void>;
  drain(): Promise<number>;
  api(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    payload?: unknown,
  ): Promise<{ status: number; body: any }>;
  control(method: 'POST' | 'PATCH' | 'DELETE' | 'PUT', url: string, payload?: unknown): Promise<any>;
}

export async function openSyncWorld(
  dialect: DialectName,
  opts: {
    sandbox?: SandboxOptions;
    shareSandbox?: FastifyInstance;
    env?: NodeJS.ProcessEnv;
    /** Runs on the empty database before the admin's first sign-in (e.g. to load the demo org). */
    before?: (app: FastifyInstance) => Promise<void>;
  } = {},
): Promise<SyncWorld> {
  let sandbox = opts.shareSandbox;
  if (!sandbox) {
    const own = await createSandbox(opts.sandbox ?? {});
    await own.listen({ port: 0, host: '127.0.0.1' });
    onTestFinished(() => own.close());
    sandbox = own;
  }
  const address = sandbox.server.address();
  const sandboxUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const { app, db } = await buildTestApp(dialect, {
    env: {
      ZOHO_ACCOUNTS_URL: sandboxUrl,
      ZOHO_CRM_API_URL: sandboxUrl,
      ZOHO_PEOPLE_API_URL: sandboxUrl,
      PUBLIC_URL: 'http://127.0.0.1:3999',
      ...opts.env,
    },
  });
  // Fast retries: the tests are about correctness, not about waiting politely.
  syncRuntimeOf(app.ctx).tune({ backoff: { baseMs: 5, capMs: 50 }, retryBaseMs: 0 });
  await opts.before?.(app);
  const admin = as(ADMIN);
  // The first sign-in on an empty server creates the organisation with this admin.
  const first = await app.inject({ method: 'GET', url: '/api/v1/integrations/crm', headers: admin });
  if (first.statusCode !== 200) throw new Error(`sign-in: ${first.body}`);
  const org = await db.selectFrom('organizations').select('org_id').executeTakeFirstOrThrow();

  const api: SyncWorld['api'] = async (method, url, payload) => {
    const res = await app.inject({
      method,
      url: `/api/v1${url}`,
      headers: admin,
      ...(payload !== undefined ? { payload: payload as object } : {}),
    });
    return { status: res.statusCode, body: res.body ? safeJson(res.body) : null };
  };

  return {
    app,
    sandbox,
    sandboxUrl,
    db,
    orgId: org.org_id,
    admin,
    api,
    async connect(system) {
      const start = await app.inject({
        method: 'GET',
        url: `/api/v1/integrations/${system}/connect`,
        headers: admin,
      });
      if (start.statusCode !== 302) throw new Error(`connect: ${start.statusCode} ${start.body}`);
      const consent = await fetch(String(start.headers.location), { redirect: 'manual' });
      const back = new URL(String(consent.headers.get('location')));
      const done = await app.inject({ method: 'GET', url: `${back.pathname}${back.search}` });
      if (done.statusCode !== 200) throw new Error(`callback: ${done.statusCode} ${done.body}`);
    },
    drain: () => syncRuntimeOf(app.ctx).drain(),
    async control(method, url, payload) {
      const res = await sandbox.inject({
        method,
        url: `/__sandbox${url}`,
        ...(payload !== undefined ? { payload: payload as object } : {}),
      });
      if (res.statusCode >= 400) throw new Error(`sandbox ${method} ${url}: ${res.statusCode} ${res.body}`);
      return res.body ? safeJson(res.body) : null;
    },
  };
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
}

/** Connect CRM, select Zylker and configure customers (defaults: accounts & contacts, fetch, clone). */
export async function connectCrm(
  w: SyncWorld,
  customers: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
): Promise<void> {
  await connectCrmOrg(w);
  const res = await w.api('PUT', '/integrations/crm/settings', {
    customers: { module: 'accounts_and_contacts', ...customers },
    ...extra,
  });
  if (res.status !== 200) throw new Error(`settings: ${JSON.stringify(res.body)}`);
}

/** Connect CRM and select the Zylker organisation, leaving every module's settings alone. */
export async function connectCrmOrg(w: SyncWorld): Promise<void> {
  await w.connect('crm');
  const sel = await w.api('PUT', '/integrations/crm/org', { crm_org_id: ZYLKER_CRM_ORG });
  if (sel.status !== 200) throw new Error(`select org: ${JSON.stringify(sel.body)}`);
}

/**
 * Makes every integration's daily sync due now and enqueues it as the scheduler would; returns how
 * many were enqueued (run them with `w.drain()`).
 */
export async function enqueueDailySyncs(w: SyncWorld): Promise<number> {
  await w.db
    .updateTable('integrations')
    .set({ next_sync_time: new Date(Date.now() - 1000).toISOString() })
    .execute();
  // The app's ids, time-ordered, so the jobs run in module order.
  return enqueueDueSyncs(w.db, new Date(), w.app.ctx.ids);
}

/** The org's user with that email, as stored now. */
export function userByEmail(w: SyncWorld, email: string) {
  return w.db
    .selectFrom('users')
    .selectAll()
    .where('org_id', '=', w.orgId)
    .where('email', '=', email)
    .executeTakeFirstOrThrow();
}

/** An expense category of the org, for expenses a test inserts. */
export async function someCategoryId(w: SyncWorld): Promise<string> {
  const category = await w.db
    .selectFrom('expense_categories')
    .select('category_id')
    .where('org_id', '=', w.orgId)
    .executeTakeFirstOrThrow();
  return category.category_id;
}

/** Waits until the running sync run of `module` has written its first page. */
export async function untilFirstPageWritten(w: SyncWorld, module: string): Promise<void> {
  const fetched = async () =>
    Number(
      (
        await w.db
          .selectFrom('sync_runs')
          .select('fetched')
          .where('module', '=', module)
          .where('status', '=', 'running')
          .executeTakeFirst()
      )?.fetched ?? 0,
    );
  for (let waited = 0; (await fetched()) === 0; waited += 10) {
    if (waited > 20_000) throw new Error('the run never wrote its first page');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * Zoho Accounts' user info holding NUL characters (U+0000), read over real HTTP from the sandbox's
 * Zoho Accounts: at sign-in (the token check) and when an admin connects Zoho CRM. PostgreSQL cannot
 * store NUL, so it is dropped as the answer is decoded, as for every CRM and People answer.
 */
import { describe, expect, it, onTestFinished } from 'vitest';
import { createSandbox } from '../../sandbox/server.js';
import type { SandboxState } from '../../sandbox/state.js';
import { buildApp } from '../../server/app.js';
import { createZohoIdentityVerifier } from '../../server/auth/zoho-identity.js';
import { loadConfig } from '../../server/config.js';
import { DIALECTS, openTestDatabase } from '../helpers/dialects.js';
import { ADMIN, openSyncWorld } from '../sync/sync-world.js';

const NUL = '\u0000';

/** The sandbox's Zoho Accounts sign-in of `email`, changed in place (the control API has no call for it). */
function accountOf(sandbox: unknown, email: string) {
  const state = (sandbox as { sandbox: SandboxState }).sandbox;
  const account = state.accounts.find((a) => a.email === email);
  if (!account) throw new Error(`no sandbox account ${email}`);
  return account;
}

describe.each(DIALECTS)('Zoho Accounts user info holding NUL (%s)', (dialect) => {
  it('the first sign-in creates the organisation with the admin named and addressed without NUL', async () => {
    const sandbox = await createSandbox();
    const accountsUrl = await sandbox.listen({ port: 0, host: '127.0.0.1' });
    onTestFinished(() => sandbox.close());
    const database = await openTestDatabase(dialect);
    const app = await buildApp({
      config: loadConfig({ LOG_LEVEL: 'silent', ZOHO_ACCOUNTS_URL: accountsUrl }),
      database,
      identity: createZohoIdentityVerifier(accountsUrl),
      logger: false,
      startWorkers: false,
    });
    onTestFinished(async () => {
      await app.close();
      await database.destroy();
    });
    const token = await sandbox.inject({
      method: 'POST',
      url: '/__sandbox/tokens',
      payload: { email: ADMIN },
    });
    const account = accountOf(sandbox, ADMIN);
    account.display_name = `Patricia${NUL} Boyle${NUL}`;
    account.email = `admin${NUL}@zylker.example`;

    const me = await app.inject({
      url: '/api/v1/users/me',
      headers: { authorization: `Zoho-oauthtoken ${token.json().access_token}` },
    });
    expect(me.statusCode, me.body).toBe(200);
    const users = await database.db.selectFrom('users').select(['name', 'email']).execute();
    expect(users).toEqual([{ name: 'Patricia Boyle', email: ADMIN }]);
  });

  it('connecting Zoho CRM records who connected without NUL', async () => {
    const w = await openSyncWorld(dialect);
    // The steps of w.connect('crm'), with the address changed once the consent has found the account.
    const start = await w.app.inject({ url: '/api/v1/integrations/crm/connect', headers: w.admin });
    const consent = await fetch(String(start.headers.location), { redirect: 'manual' });
    accountOf(w.sandbox, ADMIN).email = `admin@zylker${NUL}.example`;
    const back = new URL(String(consent.headers.get('location')));
    const done = await w.app.inject({ url: `${back.pathname}${back.search}` });
    expect(done.statusCode, done.body).toBe(200);
    const row = await w.db
      .selectFrom('integrations')
      .select('connected_email')
      .where('org_id', '=', w.orgId)
      .where('system', '=', 'crm')
      .executeTakeFirstOrThrow();
    expect(row.connected_email).toBe(ADMIN);
  });
});

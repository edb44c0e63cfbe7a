/**
 * Issue 3's acceptance journey, over real HTTP: the sandbox's Zoho Accounts signs users in (PKCE),
 * the server verifies their tokens against it, and the demo organisation is the one `npm start` loads.
 */
import { describe, expect, it, onTestFinished } from 'vitest';
import { buildSeed } from '../../sandbox/data/seed.js';
import { createSandbox } from '../../sandbox/server.js';
import { runJourney, signIn } from '../../scripts/journey.js';
import { buildApp } from '../../server/app.js';
import { createZohoIdentityVerifier } from '../../server/auth/zoho-identity.js';
import { loadConfig } from '../../server/config.js';
import { loadDemoOrganization } from '../../server/demo/load-demo.js';
import { createIdGenerator, systemClock } from '../../server/ids.js';
import { DIALECTS, openTestDatabase } from '../helpers/dialects.js';

describe.each(DIALECTS)('the expense journey over HTTP on %s', (dialect) => {
  async function start() {
    const seed = buildSeed();
    const sandbox = await createSandbox({ seed });
    const accountsUrl = await sandbox.listen({ port: 0, host: '127.0.0.1' });
    const database = await openTestDatabase(dialect);
    await loadDemoOrganization(database.db, seed, { clock: systemClock, ids: createIdGenerator() });
    const config = loadConfig({ LOG_LEVEL: 'silent', ZOHO_ACCOUNTS_URL: accountsUrl });
    const app = await buildApp({
      config,
      database,
      identity: createZohoIdentityVerifier(accountsUrl),
      logger: false,
      startWorkers: false,
    });
    const apiUrl = await app.listen({ port: 0, host: '127.0.0.1' });
    onTestFinished(async () => {
      await app.close();
      await database.destroy();
      await sandbox.close();
    });
    return { accountsUrl, apiUrl };
  }

  it('a rep logs an expense on a deal, the manager approves, the admin reimburses, with every guard rail', async () => {
    const urls = await start();
    const steps: string[] = [];
    const result = await runJourney({ ...urls, log: (l) => steps.push(l) });
    expect(result.reportId).toMatch(/^\d+$/);
    expect(steps.join('\n')).toMatch(/hash chain verified/);
    expect(steps.at(-1)).toMatch(/another organisation sees 404/);
  });

  it('a token the sandbox never issued is refused with 401', async () => {
    const { apiUrl } = await start();
    const res = await fetch(`${apiUrl}/api/v1/users/me`, {
      headers: { authorization: 'Zoho-oauthtoken 1000.forged' },
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: 2001 });
  });

  it('a revoked token stops working once the server re-checks it', async () => {
    const { accountsUrl, apiUrl } = await start();
    const token = await signIn(accountsUrl, 'rep@zylker.example');
    const ok = await fetch(`${apiUrl}/api/v1/users/me`, {
      headers: { authorization: `Zoho-oauthtoken ${token}` },
    });
    expect(ok.status).toBe(200);
    const revoke = await fetch(`${accountsUrl}/oauth/v2/token/revoke?token=${token}`, { method: 'POST' });
    expect(revoke.status).toBe(200);
    // A fresh verifier (no cache) asks Accounts again and is refused.
    const verifier = createZohoIdentityVerifier(accountsUrl);
    await expect(verifier.verify(token)).rejects.toMatchObject({ status: 401 });
  });
});

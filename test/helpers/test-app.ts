/**
 * buildTestApp(dialect): the real Fastify app on a fresh database, with a stand-in for Zoho
 * Accounts' token check: the token `test:<email>` signs in as <email> (zuid derived from it).
 * Tests that exercise the real OAuth path use the sandbox instead (test/server/sign-in.test.ts).
 */
import { onTestFinished } from 'vitest';
import { buildApp } from '../../server/app.js';
import type { IdentityVerifier, ZohoIdentity } from '../../server/auth/zoho-identity.js';
import { loadConfig } from '../../server/config.js';
import type { DialectName } from '../../server/db/dialect.js';
import { appError } from '../../server/errors.js';
import { openTestDatabase } from './dialects.js';

export const testVerifier: IdentityVerifier = {
  async verify(token: string): Promise<ZohoIdentity> {
    const m = /^test:(.+@.+)$/.exec(token);
    if (!m?.[1]) throw appError('INVALID_TOKEN');
    const email = m[1].toLowerCase();
    const local = email.split('@')[0] ?? email;
    return { zuid: `zuid-${email}`, email, name: local.replace(/[._-]/g, ' ') };
  },
};

/** Headers that sign in as `email` (optionally in a given org). */
export function as(email: string, orgId?: string): Record<string, string> {
  return {
    authorization: `Zoho-oauthtoken test:${email}`,
    ...(orgId ? { 'x-com-zoho-expense-organizationid': orgId } : {}),
  };
}

export async function buildTestApp(
  dialect: DialectName,
  opts: { env?: NodeJS.ProcessEnv; autoClose?: boolean } = {},
) {
  const database = await openTestDatabase(dialect);
  const config = loadConfig({ LOG_LEVEL: 'silent', ...opts.env });
  const app = await buildApp({
    config,
    database,
    identity: testVerifier,
    logger: false,
    startWorkers: false,
  });
  const close = async () => {
    await app.close();
    await database.destroy();
  };
  if (opts.autoClose !== false) onTestFinished(close);
  return { app, database, db: database.db, close };
}

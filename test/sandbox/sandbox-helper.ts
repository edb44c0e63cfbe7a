/**
 * Test helper: a fresh sandbox (closed after the test) and tokens minted through the control API.
 */
import type { FastifyInstance } from 'fastify';
import { onTestFinished } from 'vitest';
import { createSandbox, type SandboxOptions } from '../../sandbox/server.js';

export async function openSandbox(options: SandboxOptions = {}): Promise<FastifyInstance> {
  const app = await createSandbox(options);
  onTestFinished(() => app.close());
  return app;
}

export async function tokenFor(app: FastifyInstance, email: string, scopes?: string[]): Promise<string> {
  const res = await app.inject({
    method: 'POST',
    url: '/__sandbox/tokens',
    payload: { email, ...(scopes ? { scopes } : {}) },
  });
  if (res.statusCode !== 200) throw new Error(`token for ${email}: ${res.body}`);
  return res.json().access_token as string;
}

/** Headers of a Zoho API call as `email` (optionally in a given CRM org). */
export async function asUser(
  app: FastifyInstance,
  email: string,
  orgId?: string,
): Promise<Record<string, string>> {
  const token = await tokenFor(app, email);
  return { authorization: `Zoho-oauthtoken ${token}`, ...(orgId ? { 'x-crm-org': orgId } : {}) };
}

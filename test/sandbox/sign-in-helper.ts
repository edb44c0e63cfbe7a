/**
 * Test helper: signs a seeded user in through the sandbox's real OAuth flow (authorize with
 * login_hint → code → token, PKCE S256 with the public demo client) and returns the token reply.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';

export const DEFAULT_TEST_SCOPES = [
  'ZohoCRM.modules.ALL',
  'ZohoCRM.users.READ',
  'ZohoCRM.org.READ',
  'ZohoCRM.settings.ALL',
  'ZohoSearch.securesearch.READ',
  'ZOHOPEOPLE.forms.READ',
  'ZOHOPEOPLE.timetracker.READ',
];

export interface TokenReply {
  access_token: string;
  refresh_token?: string;
  api_domain: string;
  token_type: string;
  expires_in: number;
  scope: string;
}

export async function signIn(
  app: FastifyInstance,
  email: string,
  opts: { scopes?: string[]; offline?: boolean } = {},
): Promise<TokenReply> {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const redirect = 'http://127.0.0.1:5999/callback';
  const auth = await app.inject({
    method: 'GET',
    url: '/oauth/v2/auth',
    query: {
      client_id: 'dealspend-demo',
      response_type: 'code',
      redirect_uri: redirect,
      scope: (opts.scopes ?? DEFAULT_TEST_SCOPES).join(','),
      access_type: opts.offline ? 'offline' : 'online',
      state: 's1',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      login_hint: email,
    },
  });
  if (auth.statusCode !== 302) throw new Error(`authorize answered ${auth.statusCode}`);
  const code = new URL(String(auth.headers.location)).searchParams.get('code');
  const res = await app.inject({
    method: 'POST',
    url: '/oauth/v2/token',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: 'dealspend-demo',
      code: code ?? '',
      redirect_uri: redirect,
      code_verifier: verifier,
    }).toString(),
  });
  const body = res.json() as TokenReply & { error?: string };
  if (body.error) throw new Error(`token endpoint: ${body.error}`);
  return body;
}

export function bearer(token: string, orgId?: string): Record<string, string> {
  return { authorization: `Zoho-oauthtoken ${token}`, ...(orgId ? { 'x-crm-org': orgId } : {}) };
}

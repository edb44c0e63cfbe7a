/**
 * Signs a demo user in the way the widget does (code + PKCE at the sandbox's Zoho Accounts with
 * login_hint, exchanged by the DealSpend server), so a test can check what reached the server.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Product } from './start-product.js';

export interface ApiSession {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body: unknown): Promise<T>;
  put<T>(path: string, body: unknown): Promise<T>;
}

export async function signInAs(product: Product, email: string): Promise<ApiSession> {
  const config = (await (await fetch(`${product.serverUrl}/api/v1/auth/config`)).json()) as {
    accounts_url: string;
    client_id: string;
    scope: string;
  };
  const verifier = randomBytes(32).toString('base64url');
  const redirectUri = 'http://127.0.0.1/e2e-callback';
  const url = new URL(`${config.accounts_url}/oauth/v2/auth`);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: config.client_id,
    scope: config.scope,
    redirect_uri: redirectUri,
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
    login_hint: email,
  }).toString();
  const auth = await fetch(url, { redirect: 'manual' });
  const code = new URL(auth.headers.get('location') ?? 'http://x/').searchParams.get('code');
  if (!code) throw new Error(`Zoho Accounts (sandbox) gave no code for ${email}`);
  const tokenRes = await fetch(`${product.serverUrl}/api/v1/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, code_verifier: verifier, redirect_uri: redirectUri }),
  });
  const { access_token } = (await tokenRes.json()) as { access_token: string };
  const headers = { authorization: `Zoho-oauthtoken ${access_token}`, accept: 'application/json' };
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${product.serverUrl}${path}`, {
      method,
      headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json = (await res.json()) as T;
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(json)}`);
    return json;
  }
  return {
    get: (path) => call('GET', path),
    post: (path, body) => call('POST', path, body),
    put: (path, body) => call('PUT', path, body),
  };
}

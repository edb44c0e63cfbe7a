import { createHash } from 'node:crypto';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createSandbox } from '../../sandbox/server.js';
import { signIn } from './sign-in-helper.js';

async function sandbox() {
  const app = await createSandbox({ serverUrl: 'http://127.0.0.1:3999' });
  onTestFinished(() => app.close());
  return app;
}

const form = { 'content-type': 'application/x-www-form-urlencoded' };

describe('sandbox Zoho Accounts', () => {
  it('lists the seeded users on the sign-in page when no login_hint is given', async () => {
    const app = await sandbox();
    const res = await app.inject({
      url: '/oauth/v2/auth?client_id=dealspend-demo&response_type=code&scope=ZohoCRM.modules.ALL&redirect_uri=http://127.0.0.1:5000/cb&code_challenge=abc&code_challenge_method=S256',
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Patricia Boyle');
    expect(res.body).toContain('rep@zylker.example');
  });

  it('redirects with code, state, location and accounts-server when login_hint names a user', async () => {
    const app = await sandbox();
    const challenge = createHash('sha256').update('v'.repeat(43)).digest('base64url');
    const res = await app.inject({
      url: '/oauth/v2/auth',
      query: {
        client_id: 'dealspend-widget',
        response_type: 'code',
        scope: 'ZohoCRM.modules.ALL',
        redirect_uri: 'http://localhost:5173/oauth/callback',
        state: 'xyz',
        code_challenge: challenge,
        code_challenge_method: 'S256',
        login_hint: 'rep@zylker.example',
      },
    });
    expect(res.statusCode).toBe(302);
    const loc = new URL(String(res.headers.location));
    expect(loc.origin + loc.pathname).toBe('http://localhost:5173/oauth/callback');
    expect(loc.searchParams.get('state')).toBe('xyz');
    expect(loc.searchParams.get('code')).toMatch(/^1000\./);
    expect(loc.searchParams.get('location')).toBe('us');
    expect(loc.searchParams.get('accounts-server')).toBe('http://127.0.0.1:3999');
  });

  it('refuses a non-loopback redirect and an unknown client', async () => {
    const app = await sandbox();
    const bad = await app.inject({
      url: '/oauth/v2/auth?client_id=dealspend-demo&response_type=code&scope=a&redirect_uri=https://evil.example/cb&code_challenge=x',
    });
    expect(bad.statusCode).toBe(400);
    const unknown = await app.inject({
      url: '/oauth/v2/auth?client_id=nope&response_type=code&scope=a&redirect_uri=http://127.0.0.1/cb',
    });
    expect(unknown.statusCode).toBe(400);
  });

  it('exchanges a PKCE code for tokens and user info names the signed-in user', async () => {
    const app = await sandbox();
    const token = await signIn(app, 'manager@zylker.example', { offline: true });
    expect(token.token_type).toBe('Bearer');
    expect(token.expires_in).toBe(3600);
    expect(token.api_domain).toBe('http://127.0.0.1:3999');
    expect(token.refresh_token).toMatch(/^1000\./);
    const info = await app.inject({
      url: '/oauth/user/info',
      headers: { authorization: `Zoho-oauthtoken ${token.access_token}` },
    });
    expect(info.statusCode).toBe(200);
    expect(info.json()).toMatchObject({
      Email: 'manager@zylker.example',
      First_Name: 'Lucas',
      Last_Name: 'Martin',
      Display_Name: 'Lucas Martin',
    });
    expect(typeof info.json().ZUID).toBe('number');
  });

  it('gives no refresh token without access_type=offline', async () => {
    const app = await sandbox();
    const token = await signIn(app, 'rep@zylker.example');
    expect(token.refresh_token).toBeUndefined();
  });

  it('answers a reused or unknown code with HTTP 200 and {"error":"invalid_code"}, as Zoho does', async () => {
    const app = await sandbox();
    const res = await app.inject({
      method: 'POST',
      url: '/oauth/v2/token',
      headers: form,
      payload: 'grant_type=authorization_code&client_id=dealspend-demo&code=1000.nope&code_verifier=x',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ error: 'invalid_code' });
  });

  it('rejects a wrong PKCE verifier with invalid_code', async () => {
    const app = await sandbox();
    const challenge = createHash('sha256')
      .update('right-verifier-right-verifier-right-verifier')
      .digest('base64url');
    const auth = await app.inject({
      url: '/oauth/v2/auth',
      query: {
        client_id: 'dealspend-demo',
        response_type: 'code',
        scope: 'ZohoCRM.modules.ALL',
        redirect_uri: 'http://127.0.0.1:1/cb',
        code_challenge: challenge,
        code_challenge_method: 'S256',
        login_hint: 'rep@zylker.example',
      },
    });
    const code = new URL(String(auth.headers.location)).searchParams.get('code')!;
    const res = await app.inject({
      method: 'POST',
      url: '/oauth/v2/token',
      headers: form,
      payload: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: 'dealspend-demo',
        code,
        redirect_uri: 'http://127.0.0.1:1/cb',
        code_verifier: 'wrong-verifier-wrong-verifier-wrong-verifier',
      }).toString(),
    });
    expect(res.json()).toEqual({ error: 'invalid_code' });
  });

  it('lets the confidential server client use its secret, refresh offline tokens, and revoke them', async () => {
    const app = await sandbox();
    const auth = await app.inject({
      url: '/oauth/v2/auth',
      query: {
        client_id: 'dealspend-server',
        response_type: 'code',
        scope: 'ZohoCRM.modules.ALL,ZohoCRM.users.READ',
        redirect_uri: 'http://127.0.0.1:3000/api/v1/integrations/crm/callback',
        access_type: 'offline',
        login_hint: 'admin@zylker.example',
      },
    });
    const code = new URL(String(auth.headers.location)).searchParams.get('code')!;
    const wrongSecret = await app.inject({
      method: 'POST',
      url: '/oauth/v2/token',
      headers: form,
      payload: `grant_type=authorization_code&client_id=dealspend-server&client_secret=nope&code=${code}`,
    });
    expect(wrongSecret.json()).toEqual({ error: 'invalid_client' });
    // Query-string parameters work too (Zoho's docs show them that way).
    const ok = await app.inject({
      method: 'POST',
      url: `/oauth/v2/token?grant_type=authorization_code&client_id=dealspend-server&client_secret=dealspend-server-secret&code=${code}&redirect_uri=${encodeURIComponent('http://127.0.0.1:3000/api/v1/integrations/crm/callback')}`,
    });
    const tokens = ok.json();
    expect(tokens.refresh_token).toBeTruthy();
    const refreshed = await app.inject({
      method: 'POST',
      url: '/oauth/v2/token',
      headers: form,
      payload: `grant_type=refresh_token&client_id=dealspend-server&client_secret=dealspend-server-secret&refresh_token=${tokens.refresh_token}`,
    });
    expect(refreshed.json().access_token).toMatch(/^1000\./);
    expect(refreshed.json().refresh_token).toBeUndefined();
    await app.inject({ method: 'POST', url: `/oauth/v2/token/revoke?token=${tokens.refresh_token}` });
    const after = await app.inject({
      method: 'POST',
      url: '/oauth/v2/token',
      headers: form,
      payload: `grant_type=refresh_token&client_id=dealspend-server&client_secret=dealspend-server-secret&refresh_token=${tokens.refresh_token}`,
    });
    expect(after.json()).toEqual({ error: 'invalid_code' });
    const info = await app.inject({
      url: '/oauth/user/info',
      headers: { authorization: `Zoho-oauthtoken ${refreshed.json().access_token}` },
    });
    expect(info.statusCode).toBe(401);
  });

  it('answers user info with 401 for an unknown token', async () => {
    const app = await sandbox();
    const res = await app.inject({
      url: '/oauth/user/info',
      headers: { authorization: 'Zoho-oauthtoken 1000.x.y' },
    });
    expect(res.statusCode).toBe(401);
  });
});

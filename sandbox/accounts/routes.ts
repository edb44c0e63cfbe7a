/**
 * The sandbox's Zoho Accounts: the OAuth 2.0 authorization-code flow (with PKCE for public
 * clients), refresh, revoke and user info, with Zoho's wire formats:
 * - the redirect carries `code`, `location` and `accounts-server` besides `state`
 *   (https://www.zoho.com/accounts/protocol/oauth/multi-dc.html);
 * - the token endpoint takes form fields or query parameters and answers errors with HTTP 200
 *   and `{"error":"invalid_code"}` / `{"error":"invalid_client"}` (zoho/zcrm-csharp-sdk#7, asciisd/zoho#18);
 * - the token reply is `{access_token, refresh_token?, scope, api_domain, token_type:"Bearer", expires_in:3600}`,
 *   refresh_token only with `access_type=offline` (https://www.zoho.com/crm/developer/docs/api/v8/access-refresh.html).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { SandboxState } from '../state.js';
import { findClient, isLoopbackRedirect } from './clients.js';
import { parseMultipartFields } from './form-data.js';
import { parseScopes } from './scopes.js';
import { renderErrorPage, renderSignInPage } from './sign-in-page.js';
import { ACCESS_TOKEN_TTL_S } from './token-store.js';

export interface AccountsPluginOptions {
  state: SandboxState;
  /** Public base URL of the sandbox; by default taken from the request's Host. */
  serverUrl: string | undefined;
}

function baseUrl(request: FastifyRequest, configured: string | undefined): string {
  return configured ?? `${request.protocol}://${request.host}`;
}

function params(request: FastifyRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const src of [request.query, request.body]) {
    if (src && typeof src === 'object') {
      for (const [k, v] of Object.entries(src as Record<string, unknown>)) {
        if (typeof v === 'string') out[k] = v;
      }
    }
  }
  return out;
}

function sameSecret(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

/** PKCE S256: BASE64URL(SHA256(verifier)) must equal the challenge (RFC 7636 §4.6). */
function pkceMatches(verifier: string, challenge: string, method: string | undefined): boolean {
  if (method === 'plain') return verifier === challenge;
  return createHash('sha256').update(verifier).digest('base64url') === challenge;
}

const accountsRoutes: FastifyPluginAsync<AccountsPluginOptions> = async (app, opts) => {
  const { state } = opts;
  app.addContentTypeParser(
    'multipart/form-data',
    { parseAs: 'string', bodyLimit: 64 * 1024 },
    (req, body, done) => {
      const fields = parseMultipartFields(String(body), String(req.headers['content-type']));
      if (!fields)
        done(Object.assign(new Error('multipart body without a boundary'), { statusCode: 400 }), undefined);
      else done(null, fields);
    },
  );

  app.get('/oauth/v2/auth', async (request, reply) => {
    const q = params(request);
    const client = findClient(q.client_id);
    reply.header('cache-control', 'no-store');
    if (!client)
      return reply.code(400).type('text/html').send(renderErrorPage('Invalid client: unknown client_id.'));
    if (!isLoopbackRedirect(q.redirect_uri)) {
      return reply
        .code(400)
        .type('text/html')
        .send(
          renderErrorPage(
            'Invalid redirect URI: this client accepts loopback (127.0.0.1 / localhost) redirects only.',
          ),
        );
    }
    if (q.response_type !== 'code') {
      return reply.code(400).type('text/html').send(renderErrorPage('Only response_type=code is supported.'));
    }
    if (!client.secret && !q.code_challenge) {
      return reply
        .code(400)
        .type('text/html')
        .send(renderErrorPage('This public client must send a PKCE code_challenge (S256).'));
    }
    if (q.code_challenge && q.code_challenge_method && !['S256', 'plain'].includes(q.code_challenge_method)) {
      return reply.code(400).type('text/html').send(renderErrorPage('code_challenge_method must be S256.'));
    }
    const scopes = parseScopes(q.scope);
    if (scopes.length === 0)
      return reply.code(400).type('text/html').send(renderErrorPage('The scope parameter is missing.'));
    const hint = q.login_hint?.toLowerCase();
    const account = hint ? state.accounts.find((a) => a.email.toLowerCase() === hint) : undefined;
    if (!account) {
      const query = new URLSearchParams(q);
      query.delete('login_hint');
      return reply.type('text/html').send(renderSignInPage(state.accounts, query, client.name));
    }
    const code = state.tokens.createCode({
      clientId: client.clientId,
      redirectUri: q.redirect_uri!,
      account,
      scopes,
      offline: q.access_type === 'offline',
      codeChallenge: q.code_challenge,
      codeChallengeMethod: q.code_challenge_method ?? (q.code_challenge ? 'plain' : undefined),
    });
    const target = new URL(q.redirect_uri!);
    if (q.state !== undefined) target.searchParams.set('state', q.state);
    target.searchParams.set('code', code);
    target.searchParams.set('location', 'us');
    target.searchParams.set('accounts-server', baseUrl(request, opts.serverUrl));
    return reply.redirect(target.toString(), 302);
  });

  app.post('/oauth/v2/token', async (request, reply) => {
    const p = params(request);
    reply.header('cache-control', 'no-store');
    const client = findClient(p.client_id);
    // Zoho answers token-endpoint errors with HTTP 200 and an `error` field.
    if (!client) return { error: 'invalid_client' };
    if (client.secret) {
      if (!p.client_secret || !sameSecret(p.client_secret, client.secret)) return { error: 'invalid_client' };
    } else if (p.client_secret) {
      return { error: 'invalid_client' };
    }
    const apiDomain = baseUrl(request, opts.serverUrl);
    if (p.grant_type === 'authorization_code') {
      const grant = p.code ? state.tokens.redeemCode(p.code) : undefined;
      if (!grant || grant.clientId !== client.clientId) return { error: 'invalid_code' };
      if (p.redirect_uri !== undefined && p.redirect_uri !== grant.redirectUri)
        return { error: 'invalid_redirect_uri' };
      if (grant.codeChallenge) {
        if (
          !p.code_verifier ||
          !pkceMatches(p.code_verifier, grant.codeChallenge, grant.codeChallengeMethod)
        ) {
          return { error: 'invalid_code' };
        }
      } else if (!client.secret) {
        return { error: 'invalid_code' };
      }
      const token = state.tokens.issue(grant.account, client.clientId, grant.scopes, grant.offline);
      return {
        access_token: token.token,
        ...(token.refreshToken ? { refresh_token: token.refreshToken } : {}),
        scope: grant.scopes.join(' '),
        api_domain: apiDomain,
        token_type: 'Bearer',
        expires_in: ACCESS_TOKEN_TTL_S,
      };
    }
    if (p.grant_type === 'refresh_token') {
      const token = p.refresh_token ? state.tokens.refresh(p.refresh_token, client.clientId) : undefined;
      if (!token) return { error: 'invalid_code' };
      return {
        access_token: token.token,
        scope: token.scopes.join(' '),
        api_domain: apiDomain,
        token_type: 'Bearer',
        expires_in: ACCESS_TOKEN_TTL_S,
      };
    }
    return { error: 'unsupported_grant_type' };
  });

  app.post('/oauth/v2/token/revoke', async (request) => {
    const p = params(request);
    if (p.token) state.tokens.revoke(p.token);
    return { status: 'success' };
  });

  app.get('/oauth/user/info', async (request, reply) => {
    const m = /^(?:Zoho-oauthtoken|Bearer)\s+(\S+)$/i.exec(request.headers.authorization ?? '');
    const found = m?.[1] ? state.tokens.lookup(m[1]) : undefined;
    // The error body of this endpoint is not documented; the server only relies on the 401.
    if (!found?.ok) return reply.code(401).send({ error: 'invalid_token' });
    const a = found.token.account;
    return {
      First_Name: a.first_name,
      Email: a.email,
      Last_Name: a.last_name,
      Display_Name: a.display_name,
      ZUID: Number(a.zuid),
    };
  });
};

export default accountsRoutes;

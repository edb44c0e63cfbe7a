/**
 * Sign-in support for the widget (authorization code + PKCE in a popup):
 * - GET  /auth/config  → where to send the user (Zoho Accounts URL, the widget's client id)
 * - POST /auth/token   → exchanges the code (and verifier) at Zoho Accounts for an access token
 * - POST /auth/refresh → swaps a refresh token for a new access token
 * The server does the exchange so a client secret, if Zoho requires one for the widget's client
 * type, never reaches the browser. Tokens pass through; the server keeps none of them.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { appError } from '../../errors.js';
import { ErrorResponses, StrictObject } from '../common-schemas.js';

const TokenSchema = Type.Object({
  access_token: Type.String(),
  refresh_token: Type.Optional(Type.String()),
  expires_in: Type.Integer(),
  api_domain: Type.Optional(Type.String()),
  token_type: Type.String(),
});

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { config } = app.ctx;

  async function exchange(params: Record<string, string>) {
    const form = new URLSearchParams({
      client_id: config.widgetClientId,
      ...(config.widgetClientSecret ? { client_secret: config.widgetClientSecret } : {}),
      ...params,
    });
    let res: Response;
    try {
      res = await app.ctx.fetch(`${config.zohoAccountsUrl}/oauth/v2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form,
        signal: AbortSignal.timeout(10_000),
      });
    } catch {
      throw appError('AUTH_UNAVAILABLE');
    }
    const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    // Zoho answers 200 with {"error":"invalid_code"} on a bad grant.
    if (!res.ok || typeof body.access_token !== 'string') {
      throw appError(
        'INVALID_TOKEN',
        `Zoho Accounts refused the sign-in (${String(body.error ?? res.status)}).`,
      );
    }
    return {
      access_token: body.access_token,
      ...(typeof body.refresh_token === 'string' ? { refresh_token: body.refresh_token } : {}),
      expires_in: Number(body.expires_in ?? 3600),
      ...(typeof body.api_domain === 'string' ? { api_domain: body.api_domain } : {}),
      token_type: String(body.token_type ?? 'Bearer'),
    };
  }

  app.get(
    '/config',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Where the widget signs users in',
        security: [],
        response: {
          200: Type.Object({
            code: Type.Literal(0),
            message: Type.String(),
            accounts_url: Type.String(),
            client_id: Type.String(),
            scope: Type.String(),
          }),
        },
      },
    },
    async () => ({
      code: 0 as const,
      message: 'success',
      accounts_url: config.zohoAccountsUrl,
      client_id: config.widgetClientId,
      scope: 'AaaServer.profile.READ,ZohoCRM.users.READ',
    }),
  );

  app.post(
    '/token',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Exchange an authorization code (PKCE) for an access token',
        security: [],
        body: StrictObject({
          code: Type.String({ minLength: 1, maxLength: 2000 }),
          code_verifier: Type.String({ minLength: 43, maxLength: 128 }),
          redirect_uri: Type.String({ minLength: 1, maxLength: 2000 }),
        }),
        response: { 200: TokenSchema, ...ErrorResponses },
      },
    },
    async (request) =>
      exchange({
        grant_type: 'authorization_code',
        code: request.body.code,
        code_verifier: request.body.code_verifier,
        redirect_uri: request.body.redirect_uri,
      }),
  );

  app.post(
    '/refresh',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Refresh an access token',
        security: [],
        body: StrictObject({ refresh_token: Type.String({ minLength: 1, maxLength: 2000 }) }),
        response: { 200: TokenSchema, ...ErrorResponses },
      },
    },
    async (request) => exchange({ grant_type: 'refresh_token', refresh_token: request.body.refresh_token }),
  );
};
export default routes;

/**
 * Authentication and authorisation for every route, declared in the route's config:
 *   config: { auth: 'public' | 'identity' | 'member' (default), roles?: ['admin', …] }
 * 'identity' needs a valid Zoho token; 'member' also resolves the caller's organisation and user
 * (request.member). Roles are checked here, so no route can forget to.
 *
 * The check runs in onRequest, before the body is read, parsed or validated: a caller who may not
 * use a route is refused (401/403) without the server parsing a byte of their body, and a submitter
 * learns nothing about an admin route's schema from its 400s. Everything later (preValidation
 * hooks, the idempotency preHandler, handlers) can rely on request.identity / request.member.
 * A request for no route is answered 404 here too, before its body is read. The rate limiter's
 * onRequest hook is added before this one (app.ts), so refused callers still count.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Kysely } from 'kysely';
import type { Database, UserRow } from '../db/schema.js';
import { appError } from '../errors.js';
import { keyToReadWithMember } from '../http/idempotency.js';
import { ORGANIZATION_ID_PARAM } from '../http/strict-query.js';
import type { Clock, IdGenerator } from '../ids.js';
import { type Member, resolveMember } from './membership.js';
import type { IdentityVerifier, ZohoIdentity } from './zoho-identity.js';

export type Role = UserRow['user_role'];
export type AuthMode = 'public' | 'identity' | 'member';

declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: AuthMode;
    roles?: readonly Role[];
  }
  interface FastifyRequest {
    identity: ZohoIdentity | null;
    member: Member | null;
  }
}

const TOKEN_PREFIX = /^Zoho-oauthtoken\s+(\S+)$/i;

export interface AuthPluginOptions {
  db: Kysely<Database>;
  verifier: IdentityVerifier;
  clock: Clock;
  ids: IdGenerator;
}

export const authPlugin = fp(
  async (app: FastifyInstance, opts: AuthPluginOptions) => {
    app.decorateRequest('identity', null);
    app.decorateRequest('member', null);
    app.addHook('onRequest', async (request) => {
      // Fastify's not-found handler would parse the body first (a malformed one answered 400).
      if (request.is404) throw appError('ROUTE_NOT_FOUND');
      const config = request.routeOptions.config;
      const mode: AuthMode =
        config?.auth ?? (request.routeOptions.url?.startsWith('/api/v1') ? 'member' : 'public');
      if (mode === 'public') return;
      const header = request.headers.authorization;
      if (!header) throw appError('NOT_SIGNED_IN');
      const m = TOKEN_PREFIX.exec(header);
      if (!m?.[1])
        throw appError('NOT_SIGNED_IN', 'Send the token as Authorization: Zoho-oauthtoken <token>.');
      request.identity = await opts.verifier.verify(m[1]);
      if (mode === 'identity') return;
      const orgId = chosenOrgId(request);
      const key = keyToReadWithMember(request);
      const { storedKey, ...member } = await resolveMember(opts.db, request.identity, orgId, opts, key);
      request.member = member;
      // Not read when the member was kept from an earlier request: the idempotency hook reads it.
      if (key !== undefined && storedKey !== undefined) request.storedKeyRead = { key, row: storedKey };
      const roles = config?.roles;
      if (roles && !roles.includes(request.member.user.user_role)) throw appError('FORBIDDEN');
    });
  },
  { name: 'dealspend-auth' },
);

/**
 * The organisation the caller chose: the X-com-zoho-expense-organizationid header or, as Zoho
 * Expense also accepts, the `organization_id` query parameter (http/strict-query.ts lets every API
 * route take it). When both are sent they must name the same organisation; a request naming two
 * is refused rather than answered for either. Undefined: the caller's only organisation.
 */
function chosenOrgId(request: FastifyRequest): string | undefined {
  const raw = request.headers['x-com-zoho-expense-organizationid'];
  const header = Array.isArray(raw) ? raw[0] : raw;
  const param = (request.query as Record<string, unknown> | undefined)?.[ORGANIZATION_ID_PARAM];
  if (param === undefined || param === '') return header;
  if (typeof param !== 'string') throw appError('INVALID_INPUT', 'Send organization_id once.');
  if (header !== undefined && header !== '' && header !== param) {
    throw appError(
      'INVALID_INPUT',
      'The organization_id query parameter and the X-com-zoho-expense-organizationid header name different organisations; send one of them, or the same id in both.',
    );
  }
  return param;
}

/** The signed-in member; for routes whose auth mode is 'member' (the default) it is always set. */
export function memberOf(request: FastifyRequest): Member {
  if (!request.member) throw appError('NOT_SIGNED_IN');
  return request.member;
}

export function identityOf(request: FastifyRequest): ZohoIdentity {
  if (!request.identity) throw appError('NOT_SIGNED_IN');
  return request.identity;
}

/** Approvers and admins see more than their own records. */
export function isAdmin(member: Member): boolean {
  return member.user.user_role === 'admin';
}

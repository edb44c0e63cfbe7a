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
      const orgHeader = request.headers['x-com-zoho-expense-organizationid'];
      const orgId = Array.isArray(orgHeader) ? orgHeader[0] : orgHeader;
      const key = keyToReadWithMember(request);
      const { storedKey, ...member } = await resolveMember(opts.db, request.identity, orgId, opts, key);
      request.member = member;
      if (key !== undefined) request.storedKeyRead = { key, row: storedKey ?? null };
      const roles = config?.roles;
      if (roles && !roles.includes(request.member.user.user_role)) throw appError('FORBIDDEN');
    });
  },
  { name: 'dealspend-auth' },
);

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

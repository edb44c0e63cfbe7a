/**
 * Authenticates a CRM API call: `Authorization: Zoho-oauthtoken <token>`, the token's scopes, and
 * the CRM org. A user in several orgs picks one with the `X-CRM-ORG` header (the org's zgid), the
 * header Zoho's own SDK sends for that purpose (@zohocrm/typescript-sdk-8.0,
 * core/com/zoho/crm/api/business_hours/business_hours_operations.js); without it Zoho uses the
 * user's default org, here the first org in the seed that has the user.
 * Errors as Zoho sends them: 401 AUTHENTICATION_FAILURE / INVALID_TOKEN ("invalid oauth token",
 * solspace/craft-freeform#1372) / OAUTH_SCOPE_MISMATCH (zoho/zcrm-python-sdk#10).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { hasAnyScope } from '../accounts/scopes.js';
import type { AccessToken } from '../accounts/token-store.js';
import type { CrmUser } from '../data/seed-types.js';
import type { SandboxState } from '../state.js';
import { sendCrmError } from './crm-error.js';
import { type CrmOrgState, chargeCredit, findOrg, userByZuid } from './crm-store.js';

export interface CrmContext {
  org: CrmOrgState;
  user: CrmUser;
  token: AccessToken;
}

/** The bearer token of a Zoho API call, or undefined. */
export function tokenOf(request: FastifyRequest): string | undefined {
  const m = /^Zoho-oauthtoken\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  return m?.[1];
}

/**
 * Resolves the caller or sends Zoho's error and returns undefined.
 * `scopes` lists the alternatives, any one of which allows the call.
 */
export function authenticateCrm(
  state: SandboxState,
  request: FastifyRequest,
  reply: FastifyReply,
  scopes: readonly string[],
): CrmContext | undefined {
  const raw = tokenOf(request);
  if (!raw) {
    sendCrmError(reply, 401, 'AUTHENTICATION_FAILURE', 'Authentication failed');
    return undefined;
  }
  const found = state.tokens.lookup(raw);
  if (!found.ok) {
    sendCrmError(reply, 401, 'INVALID_TOKEN', 'invalid oauth token');
    return undefined;
  }
  if (!hasAnyScope(found.token.scopes, scopes)) {
    sendCrmError(reply, 401, 'OAUTH_SCOPE_MISMATCH', 'invalid oauth scope to access this URL');
    return undefined;
  }
  const zuid = found.token.account.zuid;
  const header = request.headers['x-crm-org'];
  let org: CrmOrgState | undefined;
  if (typeof header === 'string' && header !== '') {
    org = findOrg(state.crm, header);
    if (!org || !userByZuid(org, zuid)) {
      sendCrmError(
        reply,
        400,
        'INVALID_DATA',
        'the given organization is invalid or you are not a member of it',
        {
          header_name: 'X-CRM-ORG',
        },
      );
      return undefined;
    }
  } else {
    org = state.crm.orgs.find((o) => userByZuid(o, zuid));
  }
  const user = org ? userByZuid(org, zuid) : undefined;
  if (!org || !user) {
    sendCrmError(reply, 401, 'NO_CRM_ACCOUNT', 'the user does not belong to any Zoho CRM organization');
    return undefined;
  }
  if (user.status !== 'active') {
    sendCrmError(reply, 401, 'USER_NOT_ACTIVE', 'the user is not active in this Zoho CRM organization');
    return undefined;
  }
  // Used-up credits answer 429 TOO_MANY_REQUESTS without Retry-After, as Zoho does (status-codes.html).
  if (!chargeCredit(org, state.clock.now())) {
    sendCrmError(reply, 429, 'TOO_MANY_REQUESTS', 'API credits for the last 24 hours are used up', {
      limit: org.credits.perDay,
    });
    return undefined;
  }
  return { org, user, token: found.token };
}

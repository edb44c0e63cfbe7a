import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CrmUser } from '../data/seed-types.js';
import type { SandboxState } from '../state.js';

/** The cookie holding the CRM page's signed-in user (the header switch sets it). */
export const USER_COOKIE = 'crm_user';
/** Who the CRM page shows when nobody was chosen: the demo's sales rep. */
export const DEFAULT_USER_EMAIL = 'rep@zylker.example';
/** The users the header switch offers. */
export const SWITCHABLE_USERS = [
  { email: 'rep@zylker.example', label: 'Rep' },
  { email: 'manager@zylker.example', label: 'Manager' },
  { email: 'admin@zylker.example', label: 'Admin' },
] as const;

function cookie(request: FastifyRequest, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

/** The CRM page's org (the demo org, Zylker) and the signed-in user in it. */
export function currentCrmUser(
  state: SandboxState,
  request: FastifyRequest,
): { user: CrmUser; orgIndex: number } {
  const email = (cookie(request, USER_COOKIE) ?? DEFAULT_USER_EMAIL).toLowerCase();
  const org = state.crm.orgs[0]!;
  const user =
    org.users.find((u) => u.email.toLowerCase() === email) ??
    org.users.find((u) => u.email.toLowerCase() === DEFAULT_USER_EMAIL) ??
    org.users[0]!;
  return { user, orgIndex: 0 };
}

export function setCrmUser(reply: FastifyReply, email: string): void {
  reply.header('set-cookie', `${USER_COOKIE}=${encodeURIComponent(email)}; Path=/; SameSite=Lax`);
}

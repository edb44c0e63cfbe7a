/**
 * Maps a verified Zoho identity to a member of one organisation's directory.
 *
 * - The org comes from the X-com-zoho-expense-organizationid header, or is the user's only org.
 * - On an empty server the first sign-in creates the organisation, with that user as its admin.
 * - Users added by an admin (by email) get their Zoho user id linked on first sign-in.
 */
import type { Kysely } from 'kysely';
import type { Database, OrganizationRow, UserRow } from '../db/schema.js';
import { appError } from '../errors.js';
import type { Clock, IdGenerator } from '../ids.js';
import { createOrganization } from '../modules/organizations/service.js';
import type { ZohoIdentity } from './zoho-identity.js';

export interface Member {
  org: OrganizationRow;
  user: UserRow;
}

export async function resolveMember(
  db: Kysely<Database>,
  identity: ZohoIdentity,
  orgHeader: string | undefined,
  ctx: { clock: Clock; ids: IdGenerator },
): Promise<Member> {
  const candidates = await db
    .selectFrom('users')
    .selectAll()
    .where((eb) => eb.or([eb('zuid', '=', identity.zuid), eb('email', '=', identity.email)]))
    .execute();
  // A zuid match wins over an email match (emails can be re-used after a user leaves).
  const byOrg = new Map<string, UserRow>();
  for (const u of candidates) {
    if (u.zuid && u.zuid !== identity.zuid) continue;
    const prev = byOrg.get(u.org_id);
    if (!prev || (u.zuid === identity.zuid && prev.zuid !== identity.zuid)) byOrg.set(u.org_id, u);
  }

  let user: UserRow | undefined;
  if (orgHeader !== undefined && orgHeader !== '') {
    user = byOrg.get(orgHeader);
    if (!user) {
      const exists = await db
        .selectFrom('organizations')
        .select('org_id')
        .where('org_id', '=', orgHeader)
        .executeTakeFirst();
      throw exists ? appError('NOT_A_MEMBER') : appError('ORGANIZATION_NOT_FOUND');
    }
  } else if (byOrg.size === 1) {
    user = [...byOrg.values()][0];
  } else if (byOrg.size > 1) {
    throw appError('ORGANIZATION_REQUIRED');
  } else {
    const anyOrg = await db.selectFrom('organizations').select('org_id').limit(1).executeTakeFirst();
    if (anyOrg) throw appError('NOT_A_MEMBER');
    return createOrganization(db, { name: 'My Organization', base_currency: 'USD' }, identity, ctx);
  }
  if (!user) throw appError('NOT_A_MEMBER');
  if (user.status !== 'active') throw appError('USER_INACTIVE');
  if (!user.zuid) {
    await db
      .updateTable('users')
      .set({ zuid: identity.zuid })
      .where('user_id', '=', user.user_id)
      .where('zuid', 'is', null)
      .execute();
    user = { ...user, zuid: identity.zuid };
  }
  const org = await db
    .selectFrom('organizations')
    .selectAll()
    .where('org_id', '=', user.org_id)
    .executeTakeFirstOrThrow();
  return { org, user };
}

/**
 * Maps a verified Zoho identity to a member of one organisation's directory.
 *
 * - The org comes from the X-com-zoho-expense-organizationid header, or is the user's only org.
 *   A header naming an organisation the user does not belong to is 404, whether it exists or not.
 * - On an empty server the first sign-in creates the organisation, with that user as its admin.
 * - Users added by an admin (by email) get their Zoho user id linked on first sign-in.
 */
import type { Kysely, Selectable } from 'kysely';
import { prepare } from '../db/prepared.js';
import type { Database, IdempotencyKeysTable, OrganizationRow, UserRow } from '../db/schema.js';
import { appError } from '../errors.js';
import type { Clock, IdGenerator } from '../ids.js';
import { createOrganization } from '../modules/organizations/service.js';
import { memberCacheOf } from './member-cache.js';
import type { ZohoIdentity } from './zoho-identity.js';

export interface Member {
  org: OrganizationRow;
  user: UserRow;
}

/** A directory row with its organisation's columns beside it. */
type Candidate = UserRow & {
  org_name: string;
  org_base_currency: string;
  org_time_zone: string;
  org_settings: string;
  org_created_time: string;
  org_last_modified_time: string;
  key_idem_key?: string | null;
  key_method?: string | null;
  key_path?: string | null;
  key_status_code?: number | null;
  key_response?: string | null;
  key_created_time?: string | null;
};

/** An Idempotency-Key's stored row (idempotency.ts). */
export type StoredKey = Selectable<IdempotencyKeysTable>;

/** A signed-in user's directory rows, with their organisations' columns, matched by Zoho id or email. */
function candidatesQuery(db: Kysely<Database>, p: { zuid: string; email: string }) {
  return db
    .selectFrom('users as u')
    .innerJoin('organizations as o', 'o.org_id', 'u.org_id')
    .selectAll('u')
    .select([
      'o.name as org_name',
      'o.base_currency as org_base_currency',
      'o.time_zone as org_time_zone',
      'o.settings as org_settings',
      'o.created_time as org_created_time',
      'o.last_modified_time as org_last_modified_time',
    ])
    .where((eb) => eb.or([eb('u.zuid', '=', p.zuid), eb('u.email', '=', p.email)]));
}

const memberCandidates = prepare(candidatesQuery);

/**
 * The same rows, each with what is stored under an Idempotency-Key for that member: a create sends
 * one, and reading it here saves it a statement of its own (a round trip on PostgreSQL).
 */
const memberCandidatesWithKey = prepare((db, p: { zuid: string; email: string; key: string }) =>
  candidatesQuery(db, p)
    .leftJoin('idempotency_keys as ik', (j) =>
      j
        .onRef('ik.org_scope', '=', 'u.org_id')
        .onRef('ik.user_scope', '=', 'u.user_id')
        .on('ik.idem_key', '=', p.key),
    )
    .select([
      'ik.idem_key as key_idem_key',
      'ik.method as key_method',
      'ik.path as key_path',
      'ik.status_code as key_status_code',
      'ik.response as key_response',
      'ik.created_time as key_created_time',
    ]),
);

/** A member, with what is stored under the Idempotency-Key resolveMember was asked to read. */
export interface ResolvedMember extends Member {
  /**
   * When asked, and read with the member: the member's stored row for the key, or null when there
   * is none. Undefined when it was not read (the member was kept from an earlier request).
   */
  storedKey?: StoredKey | null;
}

/** A candidate without the Idempotency-Key columns read beside it: those belong to one request. */
function withoutKey({
  key_idem_key,
  key_method,
  key_path,
  key_status_code,
  key_response,
  key_created_time,
  ...candidate
}: Candidate): Candidate {
  return candidate;
}

export async function resolveMember(
  db: Kysely<Database>,
  identity: ZohoIdentity,
  orgHeader: string | undefined,
  ctx: { clock: Clock; ids: IdGenerator },
  idempotencyKey?: string,
): Promise<ResolvedMember> {
  // Every request resolves its member, so the user and their organisation come in one query, or
  // from what an earlier request read while the directory has not changed since (member-cache.ts).
  const who = { zuid: identity.zuid, email: identity.email };
  const cache = memberCacheOf<Candidate[]>(db);
  const cacheKey = `${who.zuid}\n${who.email}`;
  let candidates = cache?.get(cacheKey);
  // Whether the Idempotency-Key's stored row was read with the candidates (not when they were kept).
  let keyRead = false;
  if (!candidates) {
    const ticket = cache?.ticket();
    const { rows } =
      idempotencyKey === undefined
        ? await memberCandidates(db, who)
        : await memberCandidatesWithKey(db, { ...who, key: idempotencyKey });
    candidates = rows;
    keyRead = idempotencyKey !== undefined;
    // Someone not yet in the directory is not kept: their first sign-in may create an organisation.
    if (cache && rows.length > 0) cache.keep(cacheKey, keyRead ? rows.map(withoutKey) : rows, ticket);
  }
  // A zuid match wins over an email match (emails can be re-used after a user leaves).
  const byOrg = new Map<string, Candidate>();
  for (const u of candidates) {
    if (u.zuid && u.zuid !== identity.zuid) continue;
    const prev = byOrg.get(u.org_id);
    if (!prev || (u.zuid === identity.zuid && prev.zuid !== identity.zuid)) byOrg.set(u.org_id, u);
  }

  let found: Candidate | undefined;
  if (orgHeader !== undefined && orgHeader !== '') {
    found = byOrg.get(orgHeader);
    // Another organisation's id answers exactly as an id that does not exist: it is not ours to confirm.
    if (!found) throw appError('ORGANIZATION_NOT_FOUND');
  } else if (byOrg.size === 1) {
    found = [...byOrg.values()][0];
  } else if (byOrg.size > 1) {
    throw appError('ORGANIZATION_REQUIRED');
  } else {
    const anyOrg = await db.selectFrom('organizations').select('org_id').limit(1).executeTakeFirst();
    if (anyOrg) throw appError('NOT_A_MEMBER');
    return createOrganization(db, { name: 'My Organization', base_currency: 'USD' }, identity, ctx);
  }
  if (!found) throw appError('NOT_A_MEMBER');
  const {
    org_name,
    org_base_currency,
    org_time_zone,
    org_settings,
    org_created_time,
    org_last_modified_time,
    key_idem_key,
    key_method,
    key_path,
    key_status_code,
    key_response,
    key_created_time,
    ...row
  } = found;
  let user: UserRow = row;
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
  const org: OrganizationRow = {
    org_id: user.org_id,
    name: org_name,
    base_currency: org_base_currency,
    time_zone: org_time_zone,
    settings: org_settings,
    created_time: org_created_time,
    last_modified_time: org_last_modified_time,
  };
  if (!keyRead) return { org, user };
  const storedKey: StoredKey | null =
    key_idem_key == null
      ? null
      : {
          org_scope: user.org_id,
          user_scope: user.user_id,
          idem_key: key_idem_key,
          method: key_method ?? '',
          path: key_path ?? '',
          status_code: key_status_code ?? null,
          response: key_response ?? null,
          created_time: key_created_time ?? '',
        };
  return { org, user, storedKey };
}

/**
 * Which deals (CRM potentials) a member may see. The organisation's potentials mode decides:
 * 'all' shows every deal to everyone; 'user' ("only potentials associated with users") shows a
 * non-admin only the deals they own; admins always see all. Every place that shows a deal to a
 * member or accepts one from them starts from visibleDeals, so a deal the member cannot see
 * answers exactly as a deal that does not exist.
 */
import type { Kysely, SelectQueryBuilder, Transaction } from 'kysely';
import type { Member } from '../../auth/membership.js';
import type { Database } from '../../db/schema.js';
import { readOrgSettings } from '../organizations/service.js';

type Db = Kysely<Database> | Transaction<Database>;

/** A query over deals with nothing selected yet: select from it and narrow it further. */
export type DealsQuery = SelectQueryBuilder<Database, 'deals', object>;

/** Every deal of the organisation, seen or not (what an admin sees). */
export function orgDeals(db: Db, orgId: string): DealsQuery {
  return db.selectFrom('deals').where('deals.org_id', '=', orgId);
}

/** The deals of the organisation owned by `ownerId`. */
export function ownDeals(db: Db, orgId: string, ownerId: string): DealsQuery {
  return orgDeals(db, orgId).where('deals.owner_id', '=', ownerId);
}

/** Which deals the member sees: all of the organisation's, or only their own. */
export type DealScope = 'all' | 'own';

export function dealScopeOf(member: Member): DealScope {
  return member.user.user_role === 'admin' || readOrgSettings(member.org).potentials_mode !== 'user'
    ? 'all'
    : 'own';
}

/** The deals of the member's organisation that the member may see. */
export function visibleDeals(db: Db, member: Member): DealsQuery {
  return dealScopeOf(member) === 'all'
    ? orgDeals(db, member.org.org_id)
    : ownDeals(db, member.org.org_id, member.user.user_id);
}

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

/** The deals of the member's organisation that the member may see. */
export function visibleDeals(db: Db, member: Member): DealsQuery {
  const deals = orgDeals(db, member.org.org_id);
  if (member.user.user_role === 'admin' || readOrgSettings(member.org).potentials_mode !== 'user') {
    return deals;
  }
  return deals.where('deals.owner_id', '=', member.user.user_id);
}

/**
 * Which deals (CRM potentials) a member may see. The organisation's potentials mode decides:
 * 'all' shows every deal to everyone; 'user' ("only potentials associated with users") shows a
 * non-admin only the deals they own; admins always see all. Every place that shows a deal to a
 * member or accepts one from them starts from visibleDeals, so a deal the member cannot see
 * answers exactly as a deal that does not exist: GET /deals/{id} and the deal summary are 404,
 * attaching it is refused as an unknown reference, and a list filtered by it (dealFilterIds) is
 * empty.
 *
 * One thing deliberately stays: the name of a deal already on an expense or report the member may
 * see is still shown there. A rep's own past expenses must stay readable after their deal moves to
 * another owner, and the rep saw that deal when they attached it, so showing its name reveals
 * nothing new. Only looking a deal up by id (filters, links) is narrowed. Analytics, which describe
 * deals (stage, outcome, amount, owner), show such spend without its deal (analytics/hidden-deals.ts).
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

/** Whether the member sees every deal of the organisation: an admin, or potentials mode 'all'. */
export function seesEveryDeal(member: Member): boolean {
  return member.user.user_role === 'admin' || readOrgSettings(member.org).potentials_mode !== 'user';
}

/** The deals of the organisation owned by `ownerId`. */
export function ownDeals(db: Db, orgId: string, ownerId: string): DealsQuery {
  return orgDeals(db, orgId).where('deals.owner_id', '=', ownerId);
}

/** Which deals the member sees: all of the organisation's, or only their own. */
export type DealScope = 'all' | 'own';

export function dealScopeOf(member: Member): DealScope {
  return seesEveryDeal(member) ? 'all' : 'own';
}

/** The deals of the member's organisation that the member may see. */
export function visibleDeals(db: Db, member: Member): DealsQuery {
  return dealScopeOf(member) === 'all'
    ? orgDeals(db, member.org.org_id)
    : ownDeals(db, member.org.org_id, member.user.user_id);
}

/**
 * The deal ids a list filtered by `dealId` may match: that deal if the member may see it, else
 * none. A hidden deal therefore filters a list to nothing, exactly as an unknown id does, so the
 * list cannot confirm that the deal exists (nor show the member's own expenses on it by that id).
 * Someone who sees every deal filters by the plain id, as before: no extra lookup on that path.
 * @example q.where('e.deal_id', 'in', dealFilterIds(db, member, query.deal_id))
 */
export function dealFilterIds(
  db: Db,
  member: Member,
  dealId: string,
): readonly string[] | SelectQueryBuilder<Database, 'deals', { deal_id: string }> {
  if (seesEveryDeal(member)) return [dealId];
  return visibleDeals(db, member).select('deals.deal_id').where('deals.deal_id', '=', dealId);
}

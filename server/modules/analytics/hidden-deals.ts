/**
 * Spend on deals the caller may not see (potentials mode 'user': a rep's own expense on another
 * owner's deal, or an approver's team's). That spend still counts in every total, but no report may
 * name or describe the deal: its name, stage, outcome, amount, owner and closing date stay unknown.
 *
 * The facts (facts.ts) carry HIDDEN_DEAL_ID instead of such a deal's id, so every hidden deal of a
 * report falls into one group, and every join from the facts to deals finds nothing for it.
 * showHiddenDeals then labels that group for people: one row "Deals you cannot see" with deal_id null
 * and no deal details, and a stage of "Not visible" where a report groups by stage.
 */
import type { ReportResult, Row } from './report-result.js';

/** Stands in the facts' deal_id for every deal the caller may not see ('' is spend on no deal). Ids never hold '~'. */
export const HIDDEN_DEAL_ID = '~hidden';

/** The name shown for the one row that gathers spend on deals the caller may not see. */
export const HIDDEN_DEALS_LABEL = 'Deals you cannot see';

/** The stage shown for spend on deals the caller may not see. */
export const NOT_VISIBLE_STAGE = 'Not visible';

function showRow(row: Row): Row {
  if (row.deal_id !== HIDDEN_DEAL_ID && row.stage !== HIDDEN_DEAL_ID) return row;
  const out: Row = { ...row };
  if (row.deal_id === HIDDEN_DEAL_ID) {
    out.deal_id = null;
    // deal_name in the default reports' tables, deal in a report grouped by deal.
    if ('deal_name' in row) out.deal_name = HIDDEN_DEALS_LABEL;
    if ('deal' in row) out.deal = HIDDEN_DEALS_LABEL;
  }
  if (row.stage === HIDDEN_DEAL_ID) out.stage = NOT_VISIBLE_STAGE;
  return out;
}

/** The result with its hidden-deal rows labelled (see above); every other row is left as it is. */
export function showHiddenDeals(result: ReportResult): ReportResult {
  return { ...result, tables: result.tables.map((t) => ({ ...t, rows: t.rows.map(showRow) })) };
}

/**
 * Turns report rows into the API shape: names for the people, customer and deal, totals in the
 * organisation's base currency (decimals), and optionally the report's expenses.
 */
import type { Member } from '../../auth/membership.js';
import type { ReportRow } from '../../db/schema.js';
import { formatAmount } from '../../domain/money.js';
import type { Report } from './schemas.js';
import { type Db, parseFlow } from './service.js';

async function nameMap<T extends string>(
  ids: Iterable<string | null>,
  load: (ids: string[]) => Promise<Array<Record<T, string>>>,
  idKey: T,
  nameKey: T,
): Promise<Map<string, string>> {
  const unique = [...new Set([...ids].filter((x): x is string => !!x))];
  if (unique.length === 0) return new Map();
  const rows = await load(unique);
  return new Map(rows.map((r) => [r[idKey], r[nameKey]]));
}

/** Presents reports; with `withExpenses` each carries its expenses (oldest first). */
export async function presentReports(
  db: Db,
  member: Member,
  reports: ReportRow[],
  withExpenses = false,
): Promise<Report[]> {
  if (reports.length === 0) return [];
  const orgId = member.org.org_id;
  const base = member.org.base_currency;
  const reportIds = reports.map((r) => r.report_id);
  const flows = new Map(reports.map((r) => [r.report_id, parseFlow(r.approval_flow)]));

  const userNames = await nameMap(
    reports.flatMap((r) => [
      r.user_id,
      r.approver_id,
      ...(flows.get(r.report_id) ?? []).map((s) => s.approver_id),
    ]),
    (ids) =>
      db
        .selectFrom('users')
        .select(['user_id', 'name'])
        .where('org_id', '=', orgId)
        .where('user_id', 'in', ids)
        .execute(),
    'user_id',
    'name',
  );
  const customerNames = await nameMap(
    reports.map((r) => r.customer_id),
    (ids) =>
      db
        .selectFrom('contacts')
        .select(['contact_id', 'contact_name'])
        .where('org_id', '=', orgId)
        .where('contact_id', 'in', ids)
        .execute(),
    'contact_id',
    'contact_name',
  );
  const dealNames = await nameMap(
    reports.map((r) => r.deal_id),
    (ids) =>
      db
        .selectFrom('deals')
        .select(['deal_id', 'deal_name'])
        .where('org_id', '=', orgId)
        .where('deal_id', 'in', ids)
        .execute(),
    'deal_id',
    'deal_name',
  );

  const expenses = await db
    .selectFrom('expenses')
    .leftJoin('expense_categories', 'expense_categories.category_id', 'expenses.category_id')
    .selectAll('expenses')
    .select('expense_categories.category_name')
    .where('expenses.org_id', '=', orgId)
    .where('expenses.report_id', 'in', reportIds)
    .orderBy('expenses.date')
    .orderBy('expenses.expense_id')
    .execute();
  const byReport = new Map<string, typeof expenses>();
  for (const e of expenses) {
    const list = byReport.get(e.report_id ?? '') ?? [];
    list.push(e);
    byReport.set(e.report_id ?? '', list);
  }

  return reports.map((r) => {
    const items = byReport.get(r.report_id) ?? [];
    let total = 0;
    let reimbursable = 0;
    for (const e of items) {
      total += Number(e.base_amount);
      if (e.is_reimbursable) reimbursable += Number(e.base_amount);
    }
    const report: Report = {
      report_id: r.report_id,
      report_number: r.report_number,
      report_name: r.report_name,
      description: r.description,
      start_date: r.start_date,
      end_date: r.end_date,
      customer_id: r.customer_id,
      customer_name: (r.customer_id && customerNames.get(r.customer_id)) || '',
      deal_id: r.deal_id,
      deal_name: (r.deal_id && dealNames.get(r.deal_id)) || '',
      status: r.status,
      user_id: r.user_id,
      user_name: userNames.get(r.user_id) ?? '',
      approver_id: r.approver_id,
      approver_name: (r.approver_id && userNames.get(r.approver_id)) || '',
      approval_level: r.approval_level,
      approval_flow: (flows.get(r.report_id) ?? []).map((s) => ({
        level: s.level,
        approver_id: s.approver_id,
        approver_name: userNames.get(s.approver_id) ?? '',
      })),
      submitted_date: r.submitted_date,
      approved_date: r.approved_date,
      reimbursement_date: r.reimbursement_date,
      currency_code: base,
      total: formatAmount(total, base),
      reimbursable_total: formatAmount(reimbursable, base),
      non_reimbursable_total: formatAmount(total - reimbursable, base),
      expense_count: items.length,
      created_time: r.created_time,
      last_modified_time: r.last_modified_time,
    };
    if (withExpenses) {
      report.expenses = items.map((e) => ({
        expense_id: e.expense_id,
        date: e.date,
        category_id: e.category_id,
        category_name: e.category_name ?? '',
        amount: formatAmount(Number(e.amount), e.currency_code),
        currency_code: e.currency_code,
        exchange_rate: e.exchange_rate,
        bcy_total: formatAmount(Number(e.base_amount), base),
        merchant_name: e.merchant_name,
        description: e.description,
        is_reimbursable: e.is_reimbursable === 1,
        is_billable: e.is_billable === 1,
        customer_id: e.customer_id,
        deal_id: e.deal_id,
        status: e.status,
      }));
    }
    return report;
  });
}

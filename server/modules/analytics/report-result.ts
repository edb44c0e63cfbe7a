/**
 * The shape every analytics answer takes inside the server: named tables of rows (money in
 * base-currency minor units) plus totals. presentReport turns minor units into decimals at the edge.
 */
import type { ReportColumn } from '../../domain/analytics/default-reports.js';
import { formatAmount, isCurrencyCode } from '../../domain/money.js';

export type Cell = string | number | null;
export type Row = Record<string, Cell>;

export interface ReportTable {
  table_id: string;
  title: string;
  columns: ReportColumn[];
  rows: Row[];
  /** Only the report's main table is paged. */
  page_context?: { page: number; per_page: number; has_more_page: boolean };
}

export interface ReportResult {
  report_id: string;
  report_name: string;
  description: string;
  currency_code: string;
  tables: ReportTable[];
  /** Money totals in minor units inside, decimals once presented. */
  totals: Row;
  /** Which keys of totals are money. */
  total_money_keys: string[];
}

/** Decimals for money cells (base currency, or the row's deal currency for deal amounts). */
export function presentReport(result: ReportResult): ReportResult {
  const base = result.currency_code;
  const money = (v: Cell, currency: string): Cell => (typeof v === 'number' ? formatAmount(v, currency) : v);
  const tables = result.tables.map((t) => ({
    ...t,
    rows: t.rows.map((row) => {
      const out: Row = { ...row };
      for (const c of t.columns) {
        if (c.type === 'money') out[c.key] = money(row[c.key] ?? null, base);
        if (c.type === 'deal_money') {
          const cur = row.deal_currency_code;
          out[c.key] =
            typeof cur === 'string' && isCurrencyCode(cur)
              ? money(row[c.key] ?? null, cur)
              : (row[c.key] ?? null);
        }
      }
      return out;
    }),
  }));
  const totals: Row = { ...result.totals };
  for (const k of result.total_money_keys) totals[k] = money(result.totals[k] ?? null, base);
  return { ...result, tables, totals };
}

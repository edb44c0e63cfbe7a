import { Button } from '../../ui/button.js';
import { EmptyState } from '../../ui/empty-state.js';
import { formatMoney } from '../../ui/format-money.js';
import { type Column, Table } from '../../ui/table.js';
import type { Cell, ReportColumn, ReportResult } from './types.js';

type Row = Record<string, Cell>;

/** A cell as text: money in the report's currency (deal amounts in the deal's), ratios as percent. */
export function formatCell(col: ReportColumn, row: Row, currency: string): string {
  const v = row[col.key];
  if (v === null || v === undefined || v === '') return col.type === 'ratio' ? '–' : '(none)';
  if (col.type === 'money' && typeof v === 'number') return formatMoney(v, currency);
  if (col.type === 'deal_money' && typeof v === 'number')
    return formatMoney(v, String(row.deal_currency_code ?? currency));
  if (col.type === 'ratio' && typeof v === 'number') return `${(v * 100).toFixed(2)} %`;
  return String(v);
}

export interface ReportTablesProps {
  result: ReportResult;
  onPage?: (page: number) => void;
  /** Show only the first n rows of the first table (dashboard tables). */
  limit?: number;
}

/** Every table of a report, with its totals and the main table's pager. */
export function ReportTables({ result, onPage, limit }: ReportTablesProps) {
  const tables = limit ? result.tables.slice(0, 1) : result.tables;
  return (
    <div class="ds-analytics__tables">
      {tables.map((t) => {
        const rows = limit ? t.rows.slice(0, limit) : t.rows;
        const columns: Column<Row>[] = t.columns.map((c) => ({
          key: c.key,
          header: c.label,
          align: c.type === 'text' || c.type === 'month' ? 'start' : 'end',
          render: (r) => formatCell(c, r, result.currency_code),
        }));
        return (
          <section key={t.table_id} aria-label={t.title}>
            {limit ? null : <h3>{t.title}</h3>}
            {rows.length === 0 ? (
              <EmptyState title="Nothing to show">No spend matches these filters.</EmptyState>
            ) : (
              <Table caption={t.title} rows={rows} columns={columns} rowKey={(r) => JSON.stringify(r)} />
            )}
            {t.page_context && onPage && !limit ? (
              <div class="ds-toolbar">
                <Button disabled={t.page_context.page <= 1} onClick={() => onPage(t.page_context!.page - 1)}>
                  Previous
                </Button>
                <span>Page {t.page_context.page}</span>
                <Button
                  disabled={!t.page_context.has_more_page}
                  onClick={() => onPage(t.page_context!.page + 1)}
                >
                  Next
                </Button>
              </div>
            ) : null}
          </section>
        );
      })}
    </div>
  );
}

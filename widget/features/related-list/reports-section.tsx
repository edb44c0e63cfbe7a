import type { ExpenseReport } from '../../api/types.js';
import { Button } from '../../ui/button.js';
import { EmptyState } from '../../ui/empty-state.js';
import { Money } from '../../ui/money.js';
import { type Column, Table } from '../../ui/table.js';
import { Pager } from '../expenses/pager.js';
import type { RelatedListModel } from './model.js';
import { ReportStatus } from './report-status.js';

export interface ReportsSectionProps {
  model: RelatedListModel;
  onOpen: (report: ExpenseReport) => void;
}

/** The record's expense reports with status, total and paging. */
export function ReportsSection({ model, onOpen }: ReportsSectionProps) {
  const rows = model.reports.value;
  const total = model.reportTotal.value;
  const columns: Column<ExpenseReport>[] = [
    {
      key: 'name',
      header: 'Report',
      render: (r) => (
        <Button variant="link" onClick={() => onOpen(r)}>
          {r.report_name}
        </Button>
      ),
    },
    { key: 'number', header: 'Number', render: (r) => r.report_number },
    { key: 'by', header: 'Submitted by', render: (r) => r.user_name },
    { key: 'status', header: 'Status', render: (r) => <ReportStatus status={r.status} /> },
    {
      key: 'total',
      header: 'Total',
      align: 'end',
      render: (r) => <Money amount={r.total} currency={r.currency_code} />,
    },
  ];
  return (
    <section class="ds-section" aria-labelledby="ds-rl-reports">
      <h2 id="ds-rl-reports">Expense Reports</h2>
      {rows.length === 0 ? (
        <EmptyState title="No expense reports for this record yet." />
      ) : (
        <Table
          caption="Expense Reports"
          rows={rows}
          columns={columns}
          rowKey={(r) => r.report_id}
          footer={
            total ? (
              <tr>
                <td colSpan={columns.length - 1}>
                  {model.reportContext.value?.has_more_page ? 'Total on this page' : 'Total'}
                </td>
                <td class="ds-num">
                  <Money amount={total.amount} currency={total.currency} />
                </td>
              </tr>
            ) : null
          }
        />
      )}
      <Pager
        page={model.reportPage.value}
        context={model.reportContext.value}
        onPage={(p) => void model.goToReportPage(p)}
      />
    </section>
  );
}

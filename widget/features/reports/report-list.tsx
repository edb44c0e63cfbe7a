import { useState } from 'preact/hooks';
import type { ExpenseReport } from '../../api/types.js';
import { Button } from '../../ui/button.js';
import { EmptyState } from '../../ui/empty-state.js';
import { ErrorState } from '../../ui/error-state.js';
import { Money } from '../../ui/money.js';
import { Spinner } from '../../ui/spinner.js';
import { type Column, Table } from '../../ui/table.js';
import { Pager } from '../expenses/pager.js';
import type { ReportsModel } from './model.js';
import { EDITABLE_STATUSES, REPORT_STATUSES, statusLabel } from './report-types.js';
import { SubmitDialog } from './submit-dialog.js';

export interface ReportListProps {
  model: InstanceType<typeof ReportsModel>;
  onOpen: (report: ExpenseReport) => void;
  onNew: () => void;
}

/** Expense Reports by status (Draft, Awaiting Approval, …) with "+ New Report". */
export function ReportList({ model, onOpen, onNew }: ReportListProps) {
  const status = model.status.value;
  const [submitting, setSubmitting] = useState(false);
  // Draft, rejected and recalled reports can be selected and submitted from the list.
  const selectable = EDITABLE_STATUSES.includes(status);
  const count = model.selected.value.size;
  const columns: Column<ExpenseReport>[] = [
    {
      key: 'name',
      header: 'Report Name',
      render: (r) => (
        <Button variant="link" onClick={() => onOpen(r)}>
          {r.report_name}
        </Button>
      ),
    },
    { key: 'number', header: 'Report #', render: (r) => r.report_number },
    {
      key: 'duration',
      header: 'Duration',
      render: (r) => [r.start_date, r.end_date].filter(Boolean).join(' – '),
    },
    { key: 'customer', header: 'Customer', render: (r) => r.customer_name },
    { key: 'approver', header: 'Approver', render: (r) => r.approver_name },
    {
      key: 'total',
      header: 'Total',
      align: 'end',
      render: (r) => <Money amount={r.total} currency={r.currency_code} />,
    },
  ];

  function body() {
    if (model.loading.value && model.reports.value.length === 0) return <Spinner label="Loading reports…" />;
    if (model.error.value)
      return <ErrorState message={model.error.value} onRetry={() => void model.load()} />;
    if (model.reports.value.length === 0)
      return <EmptyState title={`No ${statusLabel(status).toLowerCase()} reports.`} />;
    return (
      <Table
        caption={`${statusLabel(status)} reports`}
        rows={model.reports.value}
        columns={columns}
        rowKey={(r) => r.report_id}
        {...(selectable
          ? {
              selected: model.selected.value,
              onSelectionChange: (next: Set<string>) => {
                model.selected.value = next;
              },
              rowLabel: (r: ExpenseReport) => r.report_name,
            }
          : {})}
      />
    );
  }

  return (
    <section aria-labelledby="ds-reports-title">
      <div class="ds-toolbar">
        <h1 id="ds-reports-title">Expense Reports</h1>
        <span class="ds-toolbar__spacer" />
        {selectable && count > 0 ? <Button onClick={() => setSubmitting(true)}>Submit</Button> : null}
        <Button variant="primary" onClick={onNew}>
          + New Report
        </Button>
      </div>
      <div role="tablist" aria-label="Report status" class="ds-status-tabs">
        {REPORT_STATUSES.map((s) => (
          <Button
            key={s.value}
            role="tab"
            aria-selected={status === s.value}
            onClick={() => model.showStatus(s.value)}
          >
            {s.label}
          </Button>
        ))}
      </div>
      {body()}
      <Pager
        page={model.page.value}
        context={model.pageContext.value}
        onPage={(p) => (model.page.value = p)}
      />
      {submitting ? (
        <SubmitDialog
          model={model}
          title={`Submit ${count} report${count === 1 ? '' : 's'}`}
          onClose={() => setSubmitting(false)}
          onDone={() => setSubmitting(false)}
        />
      ) : null}
    </section>
  );
}

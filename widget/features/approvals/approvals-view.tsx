import { useModel } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { ExpenseReport } from '../../api/types.js';
import { useApp } from '../../ui/app-context.js';
import { Button } from '../../ui/button.js';
import { EmptyState } from '../../ui/empty-state.js';
import { ErrorState } from '../../ui/error-state.js';
import { Money } from '../../ui/money.js';
import { Spinner } from '../../ui/spinner.js';
import { type Column, Table } from '../../ui/table.js';
import '../expenses/expenses.css';
import { ApprovalPage } from './approval-page.js';
import { ApprovalsModel } from './model.js';

/** Approvals: the reports waiting for me, oldest first; a report opens at `#approvals?report_id=`. */
export default function ApprovalsView() {
  const { api, route, navigate } = useApp();
  const model = useModel(() => new ApprovalsModel(api));
  const reportId = route.value.params.report_id;
  useEffect(() => {
    if (!reportId) void model.load();
  }, [model, reportId]);

  if (reportId)
    return <ApprovalPage key={reportId} reportId={reportId} onBack={() => navigate('approvals')} />;

  const columns: Column<ExpenseReport>[] = [
    {
      key: 'name',
      header: 'Report Name',
      render: (r) => (
        <Button variant="link" onClick={() => navigate('approvals', { report_id: r.report_id })}>
          {r.report_name}
        </Button>
      ),
    },
    { key: 'submitter', header: 'Submitter', render: (r) => r.user_name },
    { key: 'submitted', header: 'Submitted', nowrap: true, render: (r) => r.submitted_date ?? '' },
    { key: 'customer', header: 'Customer', render: (r) => r.customer_name },
    {
      key: 'total',
      header: 'Total',
      align: 'end',
      render: (r) => <Money amount={r.total} currency={r.currency_code} />,
    },
  ];

  return (
    <section aria-labelledby="ds-approvals-title">
      <h1 id="ds-approvals-title">Approvals</h1>
      {model.loading.value ? (
        <Spinner label="Loading reports awaiting approval…" />
      ) : model.error.value ? (
        <ErrorState message={model.error.value} onRetry={() => void model.load()} />
      ) : model.reports.value.length === 0 ? (
        <EmptyState title="No reports are waiting for your approval." />
      ) : (
        <Table
          caption="Reports awaiting approval, oldest first"
          rows={model.reports.value}
          columns={columns}
          rowKey={(r) => r.report_id}
        />
      )}
    </section>
  );
}

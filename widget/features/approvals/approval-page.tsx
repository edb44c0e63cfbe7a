import { useModel } from '@preact/signals';
import { useEffect, useState } from 'preact/hooks';
import { useApp } from '../../ui/app-context.js';
import { Button } from '../../ui/button.js';
import { ErrorState } from '../../ui/error-state.js';
import { Spinner } from '../../ui/spinner.js';
import { ConfirmDialog } from '../expenses/confirm-dialog.js';
import { ApprovalHistory } from '../reports/approval-history.js';
import { ReportExpenses } from '../reports/report-expenses.js';
import { ReportPageModel } from '../reports/report-page-model.js';
import { ReportSummary } from '../reports/report-summary.js';
import { ExpenseReceiptsCell } from './expense-receipts-cell.js';
import { RejectDialog } from './reject-dialog.js';

/** The approver's report page: expenses with receipts, Approve, Reject with a reason, history. */
export function ApprovalPage({ reportId, onBack }: { reportId: string; onBack: () => void }) {
  const { api, me, toasts } = useApp();
  const model = useModel(() => new ReportPageModel({ api, reportId, me }));
  const [open, setOpen] = useState<'approve' | 'reject' | null>(null);
  useEffect(() => {
    void model.load();
  }, [model]);
  const report = model.report.value;
  const showError = (m: string) => toasts.show(m, 'error');

  if (model.loading.value && !report) return <Spinner label="Loading report…" />;
  if (model.error.value || !report) {
    return (
      <ErrorState
        message={model.error.value ?? 'This report is no longer there.'}
        onRetry={() => void model.load()}
      />
    );
  }
  return (
    <section aria-labelledby="ds-approval-title">
      <div class="ds-toolbar">
        <Button variant="link" onClick={onBack}>
          ← Approvals
        </Button>
        <h1 id="ds-approval-title">{report.report_name}</h1>
        <span class="ds-toolbar__spacer" />
        {model.canDecide.value ? (
          <>
            <Button variant="primary" onClick={() => setOpen('approve')}>
              Approve
            </Button>
            <Button variant="danger" onClick={() => setOpen('reject')}>
              Reject
            </Button>
          </>
        ) : null}
      </div>
      <ReportSummary report={report} />
      <ReportExpenses
        expenses={model.expenses.value}
        currency={report.currency_code}
        total={report.total}
        extra={{
          header: 'Receipts',
          render: (e) => <ExpenseReceiptsCell model={model} expenseId={e.expense_id} onError={showError} />,
        }}
      />
      <ApprovalHistory entries={model.history.value} />
      {open === 'approve' ? (
        <ConfirmDialog
          title="Approve report"
          tone="primary"
          confirmLabel="Approve"
          onClose={() => setOpen(null)}
          onConfirm={async () => {
            const problem = await model.approve('');
            toasts.show(problem ?? 'Report approved.', problem ? 'error' : 'success');
            if (!problem) onBack();
          }}
        >
          <p>Approve {report.report_name}?</p>
        </ConfirmDialog>
      ) : null}
      {open === 'reject' ? (
        <RejectDialog
          onReject={model.reject}
          onClose={() => setOpen(null)}
          onDone={() => {
            toasts.show('Report rejected.', 'success');
            onBack();
          }}
        />
      ) : null}
    </section>
  );
}

import { useModel } from '@preact/signals';
import { useEffect, useState } from 'preact/hooks';
import { useApp } from '../../ui/app-context.js';
import { Button } from '../../ui/button.js';
import { ErrorState } from '../../ui/error-state.js';
import { Spinner } from '../../ui/spinner.js';
import { ConfirmDialog } from '../expenses/confirm-dialog.js';
import { AddExpensesDialog } from './add-expenses-dialog.js';
import { ApprovalHistory } from './approval-history.js';
import { ReportExpenses } from './report-expenses.js';
import { ReportPageModel } from './report-page-model.js';
import { ReportSummary } from './report-summary.js';
import { SubmitDialog } from './submit-dialog.js';

type Open = 'add' | 'submit' | 'recall' | 'delete' | null;

/** The owner's report page: expenses and totals, add expenses, Submit, Recall, Delete, history. */
export function ReportPage({ reportId, onBack }: { reportId: string; onBack: () => void }) {
  const { api, me, toasts } = useApp();
  const model = useModel(() => new ReportPageModel({ api, reportId, me }));
  const [open, setOpen] = useState<Open>(null);
  useEffect(() => {
    void model.load();
  }, [model]);
  const report = model.report.value;

  const say = (problem: string | null, done: string) =>
    toasts.show(problem ?? done, problem ? 'error' : 'success');

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
    <section aria-labelledby="ds-report-title">
      <div class="ds-toolbar">
        <Button variant="link" onClick={onBack}>
          ← Expense Reports
        </Button>
        <h1 id="ds-report-title">{report.report_name}</h1>
        <span class="ds-toolbar__spacer" />
        {model.editable.value ? (
          <>
            <Button onClick={() => setOpen('add')}>Add Expenses</Button>
            <Button
              variant="primary"
              disabled={model.expenses.value.length === 0}
              onClick={() => setOpen('submit')}
            >
              Submit
            </Button>
            <Button variant="danger" onClick={() => setOpen('delete')}>
              Delete
            </Button>
          </>
        ) : null}
        {model.canRecall.value ? <Button onClick={() => setOpen('recall')}>Recall</Button> : null}
      </div>
      <ReportSummary report={report} />
      {model.expenses.value.length === 0 ? (
        <p>This report has no expenses yet. Add unreported expenses to submit it.</p>
      ) : (
        <ReportExpenses
          expenses={model.expenses.value}
          currency={report.currency_code}
          total={report.total}
        />
      )}
      <ApprovalHistory entries={model.history.value} />
      {open === 'add' ? <AddExpensesDialog model={model} onClose={() => setOpen(null)} /> : null}
      {open === 'submit' ? (
        <SubmitDialog
          model={model}
          onClose={() => setOpen(null)}
          onDone={() => {
            setOpen(null);
            toasts.show('Report submitted for approval.', 'success');
          }}
        />
      ) : null}
      {open === 'recall' ? (
        <ConfirmDialog
          title="Recall report"
          confirmLabel="Recall"
          onClose={() => setOpen(null)}
          onConfirm={async () => say(await model.recall(), 'Report recalled.')}
        >
          <p>Recall this report from approval? You can edit and submit it again.</p>
        </ConfirmDialog>
      ) : null}
      {open === 'delete' ? (
        <ConfirmDialog
          title="Delete report"
          confirmLabel="Delete"
          onClose={() => setOpen(null)}
          onConfirm={async () => {
            const problem = await model.remove();
            say(problem, 'Report deleted.');
            if (!problem) onBack();
          }}
        >
          <p>Delete {report.report_name}? Its expenses stay and become unreported.</p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}

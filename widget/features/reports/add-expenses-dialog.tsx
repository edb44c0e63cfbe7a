import { useEffect, useState } from 'preact/hooks';
import { Button } from '../../ui/button.js';
import { Dialog } from '../../ui/dialog.js';
import { EmptyState } from '../../ui/empty-state.js';
import { Spinner } from '../../ui/spinner.js';
import { ExpenseTable } from '../expenses/expense-table.js';
import type { ReportPageModel } from './report-page-model.js';

export interface AddExpensesDialogProps {
  model: InstanceType<typeof ReportPageModel>;
  onClose: () => void;
}

/** Adds unreported expenses to this report. */
export function AddExpensesDialog({ model, onClose }: AddExpensesDialogProps) {
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  useEffect(() => {
    void model.loadUnreported().then((problem) => {
      setError(problem);
      setLoading(false);
    });
  }, [model]);

  async function add() {
    const problem = await model.addExpenses([...selected]);
    if (problem) setError(problem);
    else onClose();
  }

  return (
    <Dialog
      wide
      title="Add unreported expenses"
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" disabled={selected.size === 0} busy={model.busy.value} onClick={add}>
            Add to Report
          </Button>
        </>
      }
    >
      {loading ? <Spinner label="Loading unreported expenses…" /> : null}
      {error ? (
        <p class="ds-field__error" role="alert">
          {error}
        </p>
      ) : null}
      {!loading && model.unreported.value.length === 0 ? (
        <EmptyState title="No unreported expenses." />
      ) : null}
      {model.unreported.value.length > 0 ? (
        <ExpenseTable
          caption="Unreported Expenses"
          expenses={model.unreported.value}
          selected={selected}
          onSelectionChange={setSelected}
        />
      ) : null}
    </Dialog>
  );
}

import { useState } from 'preact/hooks';
import type { Expense } from '../../api/types.js';
import { Button } from '../../ui/button.js';
import { EmptyState } from '../../ui/empty-state.js';
import { ErrorState } from '../../ui/error-state.js';
import { Spinner } from '../../ui/spinner.js';
import { AddToReportDialog } from './add-to-report-dialog.js';
import { ConfirmDialog } from './confirm-dialog.js';
import { ExpenseFilters } from './expense-filters.js';
import { ExpenseTable } from './expense-table.js';
import type { ExpensesModel } from './model.js';
import { type NewExpenseKind, NewExpenseMenu } from './new-expense-menu.js';
import { Pager } from './pager.js';
import { RefusalsNotice } from './refusals-notice.js';

export interface ExpenseListProps {
  model: InstanceType<typeof ExpensesModel>;
  onNew: (kind: NewExpenseKind) => void;
  onOpen: (expense: Expense) => void;
}

/** "All Expenses" / "Unreported Expenses" with filters, selection, Add to Report and Delete. */
export function ExpenseList({ model, onNew, onOpen }: ExpenseListProps) {
  const [dialog, setDialog] = useState<'report' | 'delete' | null>(null);
  const [customerName, setCustomerName] = useState('');
  const tab = model.tab.value;
  const count = model.selectedCount.value;

  function body() {
    if (model.loading.value && model.expenses.value.length === 0)
      return <Spinner label="Loading expenses…" />;
    if (model.error.value)
      return <ErrorState message={model.error.value} onRetry={() => void model.load()} />;
    if (model.expenses.value.length === 0) {
      return (
        <EmptyState title={tab === 'unreported' ? 'No unreported expenses.' : 'No expenses match.'}>
          <Button variant="primary" onClick={() => onNew('expense')}>
            + New Expense
          </Button>
        </EmptyState>
      );
    }
    return (
      <ExpenseTable
        caption={tab === 'unreported' ? 'Unreported Expenses' : 'All Expenses'}
        expenses={model.expenses.value}
        selected={model.selected.value}
        onSelectionChange={(next) => {
          model.selected.value = next;
        }}
        onOpen={onOpen}
      />
    );
  }

  return (
    <section aria-labelledby="ds-expenses-title">
      <div class="ds-toolbar">
        <h1 id="ds-expenses-title">Expenses</h1>
        <div role="tablist" aria-label="Expense views" class="ds-status-tabs">
          <Button role="tab" aria-selected={tab === 'all'} onClick={() => model.showTab('all')}>
            All Expenses
          </Button>
          <Button role="tab" aria-selected={tab === 'unreported'} onClick={() => model.showTab('unreported')}>
            Unreported Expenses
          </Button>
        </div>
        <span class="ds-toolbar__spacer" />
        <NewExpenseMenu onChoose={onNew} />
      </div>
      <ExpenseFilters
        filters={model.filters.value}
        customerName={customerName}
        deals={model.deals.value}
        showStatus={tab === 'all'}
        onChange={model.setFilter}
        onCustomer={(id, name) => {
          setCustomerName(name);
          model.setCustomer(id);
        }}
        onClear={model.clearFilters}
      />
      {model.notice.value ? <p role="status">{model.notice.value}</p> : null}
      <RefusalsNotice refusals={model.refusals.value} onDismiss={model.dismissRefusals} />
      {count > 0 ? (
        <fieldset class="ds-toolbar">
          <legend class="ds-visually-hidden">Selected expenses</legend>
          <span>{count} selected</span>
          <Button
            onClick={() => {
              void model.loadDraftReports();
              setDialog('report');
            }}
          >
            Add to Report
          </Button>
          <Button variant="danger" onClick={() => setDialog('delete')}>
            Delete
          </Button>
        </fieldset>
      ) : null}
      {body()}
      <Pager
        page={model.page.value}
        context={model.pageContext.value}
        onPage={(p) => (model.page.value = p)}
      />
      {dialog === 'report' ? (
        <AddToReportDialog
          count={count}
          reports={model.draftReports.value}
          onAdd={model.addSelectedToReport}
          onClose={() => setDialog(null)}
        />
      ) : null}
      {dialog === 'delete' ? (
        <ConfirmDialog
          title="Delete expenses"
          confirmLabel="Delete"
          onConfirm={model.deleteSelected}
          onClose={() => setDialog(null)}
        >
          <p>
            Delete {count} expense{count === 1 ? '' : 's'}? Only unreported and unsubmitted expenses can be
            deleted; any others stay and are listed with the reason.
          </p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}

import { useModel } from '@preact/signals';
import { useEffect, useRef, useState } from 'preact/hooks';
import { useApp } from '../../ui/app-context.js';
import { Button } from '../../ui/button.js';
import { EmptyState } from '../../ui/empty-state.js';
import { ErrorState } from '../../ui/error-state.js';
import { lazyComponent } from '../../ui/lazy-component.js';
import { OutboxIndicator } from '../../ui/outbox-indicator.js';
import { Spinner } from '../../ui/spinner.js';
import { RefusalsNotice } from '../expenses/refusals-notice.js';
import { SavedDuplicatesModel } from '../expenses/saved-duplicates-model.js';
import { SyncModulesGate } from '../sync-modules/sync-modules-gate.js';
import { DealSummarySlot } from './deal-summary-slot.js';
import { ExpensesSection } from './expenses-section.js';
import { ItemDialog, type OpenItem } from './item-dialog.js';
import { LazyDuplicateNotices } from './lazy-duplicate-notices.js';
import { pageSizeFrom, RelatedListModel } from './model.js';
import { NewExpenseDialog } from './new-expense-dialog.js';
import { NewReportDialog } from './new-report-dialog.js';
import { ReportsSection } from './reports-section.js';
import { useHostResize } from './use-host-resize.js';

// Dialogs load when opened, so the panel's first bundle stays small.
const AddToReportDialog = lazyComponent(() =>
  import('../expenses/add-to-report-dialog.js').then((m) => m.AddToReportDialog),
);
const ConfirmDialog = lazyComponent(() =>
  import('../expenses/confirm-dialog.js').then((m) => m.ConfirmDialog),
);

type Open = 'none' | 'new-expense' | 'new-report' | 'add-to-report' | 'delete';

/**
 * The DealSpend related list on an account, contact or deal page: the record's expenses and
 * reports, New Expense / New Expense Report prefilled from the record, and bulk Add to Report
 * and Delete on the selected expenses.
 */
export function RelatedListPanel() {
  const { api, host, outbox } = useApp();
  const location = host?.context.location;
  const record = location?.kind === 'related-list' ? location : null;
  const root = useRef<HTMLDivElement>(null);
  useHostResize(host, root);
  if (!record) {
    return <ErrorState message="Place DealSpend in the related lists of Accounts, Contacts or Deals." />;
  }
  return (
    <div ref={root} class="ds-related-list">
      <OutboxIndicator outbox={outbox} />
      <SyncModulesGate api={api}>
        <Panel
          api={api}
          host={host}
          module={record.module}
          recordId={record.recordId}
          currency={host?.context.org.currency ?? 'USD'}
        />
      </SyncModulesGate>
    </div>
  );
}

function Panel(props: {
  api: ReturnType<typeof useApp>['api'];
  host: ReturnType<typeof useApp>['host'];
  module: 'Accounts' | 'Contacts' | 'Deals';
  recordId: string;
  currency: string;
}) {
  const model = useModel(
    () =>
      new RelatedListModel(
        props.api,
        props.host,
        props.module,
        props.recordId,
        pageSizeFrom(window.location.search),
      ),
  );
  const { outbox } = useApp();
  // Saved expenses that look like duplicates, also those the outbox sends later.
  const duplicates = useModel(() => new SavedDuplicatesModel(outbox));
  const [open, setOpen] = useState<Open>('none');
  const [item, setItem] = useState<OpenItem | null>(null);
  useEffect(() => {
    void model.load();
  }, [model]);
  // When writes made offline have all been sent, show them.
  const waiting = outbox.pending.value;
  const before = useRef(waiting);
  useEffect(() => {
    if (before.current > 0 && waiting === 0) void model.load();
    before.current = waiting;
  }, [waiting, model]);

  const state = model.state.value;
  if (state === 'loading' && !model.scope.value) return <Spinner label="Loading expenses…" />;
  if (state === 'not-synced') {
    return (
      <EmptyState title="This record is not in DealSpend yet. It appears after the next sync with Zoho CRM." />
    );
  }
  if (state === 'error')
    return <ErrorState message={model.error.value ?? 'Loading failed.'} onRetry={() => void model.load()} />;

  const scope = model.scope.value!;
  const selectedCount = model.selected.value.size;
  const closeAndReload = (changed: boolean) => {
    setOpen('none');
    if (changed) void model.load();
  };
  // Inside the New Expense dialog while it is open (after "Save and New"), else above the lists.
  const notices =
    duplicates.expenses.value.length > 0 ? (
      <LazyDuplicateNotices
        saved={duplicates}
        onView={(other) => {
          if (open === 'new-expense') closeAndReload(true);
          setItem({ kind: 'expense', expense: other });
        }}
        onDelete={model.deleteOne}
      />
    ) : null;

  return (
    <>
      {scope.deal ? <DealSummarySlot dealId={scope.deal.id} /> : null}
      <div class="ds-toolbar" role="toolbar" aria-label="DealSpend actions">
        <Button variant="primary" onClick={() => setOpen('new-expense')}>
          New Expense
        </Button>
        {scope.module !== 'Deals' ? (
          <Button onClick={() => setOpen('new-report')}>New Expense Report</Button>
        ) : null}
        <span class="ds-toolbar__spacer" />
        {selectedCount > 0 ? <span aria-live="polite">{selectedCount} selected</span> : null}
        <Button
          disabled={selectedCount === 0}
          onClick={() => {
            void model.loadDraftReports();
            setOpen('add-to-report');
          }}
        >
          Add to Report
        </Button>
        <Button variant="danger" disabled={selectedCount === 0} onClick={() => setOpen('delete')}>
          Delete
        </Button>
      </div>
      {model.notice.value ? <p role="status">{model.notice.value}</p> : null}
      <RefusalsNotice refusals={model.refused.value} onDismiss={model.dismissRefused} />
      {open === 'new-expense' ? null : notices}
      <ExpensesSection model={model} onOpen={(expense) => setItem({ kind: 'expense', expense })} />
      <ReportsSection model={model} onOpen={(report) => setItem({ kind: 'report', report })} />

      {open === 'new-expense' ? (
        <NewExpenseDialog
          scope={scope}
          currency={props.currency}
          onDone={closeAndReload}
          onSaved={duplicates.add}
          notices={notices}
        />
      ) : null}
      {open === 'new-report' ? <NewReportDialog scope={scope} onDone={closeAndReload} /> : null}
      {open === 'add-to-report' ? (
        <AddToReportDialog
          count={selectedCount}
          reports={model.draftReports.value}
          onAdd={(choice) =>
            choice.kind === 'none' ? Promise.resolve('Choose a report.') : model.addSelectedToReport(choice)
          }
          onClose={() => setOpen('none')}
        />
      ) : null}
      {open === 'delete' ? (
        <ConfirmDialog
          title="Delete expenses"
          confirmLabel="Delete"
          onConfirm={model.deleteSelected}
          onClose={() => setOpen('none')}
        >
          <p>
            Delete {selectedCount} selected expense{selectedCount === 1 ? '' : 's'}? Only unreported and
            unsubmitted expenses can be deleted; the others stay and are listed with the reason.
          </p>
        </ConfirmDialog>
      ) : null}
      {item ? <ItemDialog item={item} onClose={() => setItem(null)} /> : null}
    </>
  );
}

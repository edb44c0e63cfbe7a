import { useModel } from '@preact/signals';
import { useEffect, useState } from 'preact/hooks';
import { useApp } from '../../ui/app-context.js';
import { Button } from '../../ui/button.js';
import { ErrorState } from '../../ui/error-state.js';
import { Spinner } from '../../ui/spinner.js';
import { ConfirmDialog } from '../expenses/confirm-dialog.js';
import { ExpenseForm } from '../expenses/expense-form.js';
import { ReceiptDrop } from '../expenses/receipt-drop.js';
import '../expenses/expenses.css';
import { type InboxReceipt, ReceiptsModel } from './model.js';
import { ReceiptInboxList } from './receipt-inbox-list.js';
import { ReceiptPreview } from './receipt-preview.js';

/** Receipts inbox: upload or drop receipts, View the waiting ones, Add Manually beside the receipt. */
export default function ReceiptsView() {
  const { api, toasts } = useApp();
  const model = useModel(() => new ReceiptsModel(api));
  const [deleting, setDeleting] = useState<InboxReceipt | null>(null);
  useEffect(() => {
    void model.load();
  }, [model]);
  const current = model.current.value;

  if (current) {
    return (
      <section aria-labelledby="ds-receipt-title">
        <div class="ds-toolbar">
          <h1 id="ds-receipt-title">Add Manually</h1>
          <span class="ds-toolbar__spacer" />
          <Button onClick={model.close}>Back to receipts</Button>
        </div>
        <div class="ds-split">
          <ReceiptPreview receipt={current} url={model.previewUrl.value} />
          <ExpenseForm
            key={current.receipt_id}
            receiptId={current.receipt_id}
            onCancel={model.close}
            onSaved={(r) => {
              toasts.show(
                r.expense
                  ? 'Expense created from the receipt.'
                  : 'Queued: it will be sent when you reconnect.',
                'success',
              );
              model.converted(current.receipt_id, r.then === 'next', r.nextReceiptId);
            }}
          />
        </div>
      </section>
    );
  }

  return (
    <section aria-labelledby="ds-receipts-title">
      <h1 id="ds-receipts-title">Receipts</h1>
      <ReceiptDrop
        label="Upload receipts"
        files={[]}
        onFiles={(files) => void model.upload(files)}
        hint="Or drag and drop receipts here; each becomes an expense when you add its details."
      />
      {model.uploading.value ? <Spinner label="Uploading…" /> : null}
      {model.uploadErrors.value.length > 0 ? (
        <ul class="ds-field__error" role="alert" aria-label="Receipts not uploaded">
          {model.uploadErrors.value.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      ) : null}
      <h2 class="ds-receipts__view">View: receipts not yet converted</h2>
      {model.loading.value ? (
        <Spinner label="Loading receipts…" />
      ) : model.error.value ? (
        <ErrorState message={model.error.value} onRetry={() => void model.load()} />
      ) : (
        <ReceiptInboxList
          receipts={model.receipts.value}
          onAddManually={model.addManually}
          onDelete={setDeleting}
        />
      )}
      {deleting ? (
        <ConfirmDialog
          title="Delete receipt"
          confirmLabel="Delete"
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            const problem = await model.remove(deleting.receipt_id);
            if (problem) toasts.show(problem, 'error');
          }}
        >
          <p>Delete {deleting.file_name}? It has not been turned into an expense.</p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}

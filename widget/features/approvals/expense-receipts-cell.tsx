import { Button } from '../../ui/button.js';
import type { ReportPageModel } from '../reports/report-page-model.js';

export interface ExpenseReceiptsCellProps {
  model: InstanceType<typeof ReportPageModel>;
  expenseId: string;
  onError: (message: string) => void;
}

/** An expense's receipts for the approver: "Receipts" lists them, each to view or download. */
export function ExpenseReceiptsCell({ model, expenseId, onError }: ExpenseReceiptsCellProps) {
  const receipts = model.receipts.value[expenseId];
  if (!receipts) {
    return (
      <Button
        variant="link"
        onClick={async () => {
          const problem = await model.loadReceipts(expenseId);
          if (problem) onError(problem);
        }}
      >
        Receipts
      </Button>
    );
  }
  if (receipts.length === 0) return <span>No receipts</span>;
  return (
    <ul class="ds-file-list">
      {receipts.map((r) => (
        <li key={r.receipt_id}>
          <Button
            variant="link"
            aria-label={`View ${r.file_name}`}
            onClick={async () => {
              const url = await model.receiptUrl(expenseId, r.receipt_id);
              if (url) window.open(url, '_blank', 'noopener');
              else onError('This receipt cannot be shown here.');
            }}
          >
            {r.file_name}
          </Button>
          <Button
            variant="link"
            aria-label={`Download ${r.file_name}`}
            onClick={async () => {
              const url = await model.receiptUrl(expenseId, r.receipt_id);
              if (!url) return onError('This receipt cannot be downloaded here.');
              const a = document.createElement('a');
              a.href = url;
              a.download = r.file_name;
              a.click();
            }}
          >
            Download
          </Button>
        </li>
      ))}
    </ul>
  );
}

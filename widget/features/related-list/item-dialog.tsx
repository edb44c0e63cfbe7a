import { type ComponentChildren, Fragment } from 'preact';
import type { Expense, ExpenseReport } from '../../api/types.js';
import { Button } from '../../ui/button.js';
import { Dialog } from '../../ui/dialog.js';
import { Money } from '../../ui/money.js';
import { ExpenseStatus } from '../expenses/expense-status.js';
import { ReportStatus } from './report-status.js';

export type OpenItem = { kind: 'expense'; expense: Expense } | { kind: 'report'; report: ExpenseReport };

/** An expense or report opened from the panel: its details, and a way into the DealSpend tab. */
export function ItemDialog({ item, onClose }: { item: OpenItem; onClose: () => void }) {
  const rows: Array<[string, ComponentChildren]> =
    item.kind === 'expense'
      ? [
          ['Date', item.expense.date],
          ['Merchant', item.expense.merchant_name || '—'],
          ['Category', item.expense.category_name],
          ['Amount', <Money amount={item.expense.total} currency={item.expense.currency_code} />],
          ['Status', <ExpenseStatus status={item.expense.status} />],
          ['Customer', item.expense.customer_name || '—'],
          ['Deal', item.expense.deal_name || '—'],
          ['Report', item.expense.report_name || '—'],
          ['Claim Reimbursement', item.expense.is_reimbursable ? 'Yes' : 'No'],
          ['Billable', item.expense.is_billable ? 'Yes' : 'No'],
          ['Receipts', String(item.expense.receipts?.length ?? 0)],
          ['Submitted by', item.expense.user_name],
        ]
      : [
          ['Report Number', item.report.report_number],
          ['Business Purpose', item.report.description || '—'],
          [
            'Duration',
            item.report.start_date ? `${item.report.start_date} – ${item.report.end_date ?? ''}` : '—',
          ],
          ['Customer', item.report.customer_name || '—'],
          ['Status', <ReportStatus status={item.report.status} />],
          ['Expenses', String(item.report.expense_count)],
          ['Total', <Money amount={item.report.total} currency={item.report.currency_code} />],
          ['Approver', item.report.approver_name || '—'],
          ['Submitted by', item.report.user_name],
        ];
  const title = item.kind === 'expense' ? 'Expense' : item.report.report_name;
  return (
    <Dialog title={title} onClose={onClose} footer={<Button onClick={onClose}>Close</Button>}>
      <dl class="ds-details">
        {rows.map(([label, value]) => (
          <Fragment key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </Fragment>
        ))}
      </dl>
    </Dialog>
  );
}

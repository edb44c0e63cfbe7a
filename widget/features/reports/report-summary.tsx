import type { ExpenseReport } from '../../api/types.js';
import { Money } from '../../ui/money.js';
import { statusLabel } from './report-types.js';

/** A report's details: status, submitter, Business Purpose, Duration, Customer and totals. */
export function ReportSummary({ report }: { report: ExpenseReport }) {
  const rows: [string, preact.ComponentChildren][] = [
    ['Status', <span class={`ds-badge ds-badge--${report.status}`}>{statusLabel(report.status)}</span>],
    ['Report #', report.report_number],
    ['Submitter', report.user_name],
    ['Business Purpose', report.description || '—'],
    ['Duration', [report.start_date, report.end_date].filter(Boolean).join(' – ') || '—'],
    ['Customer', [report.customer_name, report.deal_name].filter(Boolean).join(' · ') || '—'],
    ['Approver', report.approver_name || '—'],
    ['Total', <Money amount={report.total} currency={report.currency_code} />],
    ['Reimbursable', <Money amount={report.reimbursable_total} currency={report.currency_code} />],
  ];
  return (
    <dl class="ds-form-grid">
      {rows.map(([label, value]) => (
        <div key={label}>
          <dt class="ds-field__label">{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

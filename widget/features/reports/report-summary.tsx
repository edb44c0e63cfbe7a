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
    ['Duration', <Duration start={report.start_date} end={report.end_date} />],
    ['Customer', [report.customer_name, report.deal_name].filter(Boolean).join(' · ') || '—'],
    ['Approver', report.approver_name || '—'],
    ['Total', <Money amount={report.total} currency={report.currency_code} />],
    ['Reimbursable', <Money amount={report.reimbursable_total} currency={report.currency_code} />],
  ];
  return (
    <dl class="ds-form-grid ds-summary">
      {rows.map(([label, value]) => (
        <div key={label}>
          <dt class="ds-field__label">{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** First and last date, each kept on one line (a date never breaks at its hyphens). */
function Duration({ start, end }: { start?: string | null; end?: string | null }) {
  const dates = [start, end].filter((d): d is string => Boolean(d));
  if (dates.length === 0) return <>—</>;
  return (
    <>
      {dates.map((d, i) => (
        <span key={d + i}>
          {i > 0 ? ' – ' : ''}
          <span class="ds-nowrap">{d}</span>
        </span>
      ))}
    </>
  );
}

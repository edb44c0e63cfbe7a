import type { ApprovalHistoryEntry } from './report-types.js';

const VERBS: Record<string, string> = {
  submitted: 'submitted the report',
  approved: 'approved the report',
  forwarded: 'approved and forwarded the report',
  rejected: 'rejected the report',
  recalled: 'recalled the report',
  reimbursed: 'reimbursed the report',
};

/** Who did what and when, with the comments (a rejection's reason among them). */
export function ApprovalHistory({ entries }: { entries: readonly ApprovalHistoryEntry[] }) {
  return (
    <section class="ds-section" aria-labelledby="ds-history-title">
      <h2 id="ds-history-title">Approval history</h2>
      {entries.length === 0 ? (
        <p>No approval activity yet.</p>
      ) : (
        <ol>
          {entries.map((h, i) => (
            <li key={h.history_id ?? i}>
              <time dateTime={h.time}>{new Date(h.time).toLocaleString()}</time>: {h.actor_name ?? 'Someone'}{' '}
              {VERBS[h.action] ?? h.action}
              {h.approver_name && (h.action === 'submitted' || h.action === 'forwarded')
                ? ` to ${h.approver_name}`
                : ''}
              {h.comments ? <q>{h.comments}</q> : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

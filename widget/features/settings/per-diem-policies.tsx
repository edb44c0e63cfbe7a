import { useModel } from '@preact/signals';
import { useEffect, useState } from 'preact/hooks';
import { useApp } from '../../ui/app-context.js';
import { Button } from '../../ui/button.js';
import { formatMoney } from '../../ui/format-money.js';
import { ConfirmDialog } from '../expenses/confirm-dialog.js';
import { PerDiemPoliciesModel, type Policy } from './per-diem-policies-model.js';
import { PerDiemPolicyDialog } from './per-diem-policy-dialog.js';
import { SettingsSection } from './settings-section.js';

/** "Paris €120.00, Berlin €95.00" (the first three, then how many more). */
function ratesSummary(p: Policy): string {
  const shown = p.rates.slice(0, 3).map((r) => `${r.location} ${formatMoney(r.rate, p.currency_code)}`);
  const more = p.rates.length - shown.length;
  return more > 0 ? `${shown.join(', ')} and ${more} more` : shown.join(', ');
}

/** Settings › Per diem policies: New, Edit, Make inactive / active, Delete (asking first). */
export function PerDiemPolicies() {
  const { api } = useApp();
  const model = useModel(() => new PerDiemPoliciesModel(api));
  // undefined: no dialog; null: a new policy.
  const [editing, setEditing] = useState<Policy | null | undefined>(undefined);
  const [deleting, setDeleting] = useState<Policy | null>(null);
  useEffect(() => {
    void model.load();
  }, [model]);

  return (
    <SettingsSection
      id="ds-per-diem-title"
      title="Per diem policies"
      notice={model.notice.value}
      loading={model.loading.value}
      error={model.error.value}
      nothingRead={model.policies.value.length === 0 && model.currencies.value.length === 0}
      onRetry={() => void model.load()}
      after={
        <>
          {editing !== undefined ? (
            <PerDiemPolicyDialog model={model} policy={editing} onClose={() => setEditing(undefined)} />
          ) : null}
          {deleting ? (
            <ConfirmDialog
              title="Delete per diem policy"
              confirmLabel="Delete"
              onConfirm={() => model.remove(deleting)}
              onClose={() => setDeleting(null)}
            >
              <p>
                Delete the per diem policy "{deleting.policy_name}"? Per diem already recorded keeps its
                rates; no new per diem can use it. Make it inactive instead to keep it for later.
              </p>
            </ConfirmDialog>
          ) : null}
        </>
      }
    >
      {model.policies.value.length === 0 ? (
        <p>No per diem policies yet: users cannot record per diem until there is one.</p>
      ) : (
        <ul class="ds-reference-list">
          {model.policies.value.map((p) => (
            <li key={p.policy_id}>
              <strong>{p.policy_name}</strong> · {ratesSummary(p)}
              {p.status === 'active' ? null : <span class="ds-muted"> · Inactive</span>}{' '}
              <Button variant="link" aria-label={`Edit ${p.policy_name}`} onClick={() => setEditing(p)}>
                Edit
              </Button>{' '}
              <Button
                variant="link"
                aria-label={`Make ${p.policy_name} ${p.status === 'active' ? 'inactive' : 'active'}`}
                onClick={() => void model.setStatus(p, p.status === 'active' ? 'inactive' : 'active')}
              >
                {p.status === 'active' ? 'Make inactive' : 'Make active'}
              </Button>{' '}
              <Button variant="link" aria-label={`Delete ${p.policy_name}`} onClick={() => setDeleting(p)}>
                Delete
              </Button>
            </li>
          ))}
        </ul>
      )}
      <Button onClick={() => setEditing(null)}>+ New per diem policy</Button>
    </SettingsSection>
  );
}

import { useModel } from '@preact/signals';
import { useEffect, useState } from 'preact/hooks';
import { useApp } from '../../ui/app-context.js';
import { Button } from '../../ui/button.js';
import { Field } from '../../ui/field.js';
import { formatMoney } from '../../ui/format-money.js';
import { ConfirmDialog } from '../expenses/confirm-dialog.js';
import {
  ApprovalLevelsModel,
  type ApprovalLevelsModelType,
  type ApprovalRule,
} from './approval-levels-model.js';
import { SettingsSection } from './settings-section.js';

const DEPARTMENT_HEAD = 'department_head';

/** "Level 2 · reports above $1,000.00 · the submitter's department head". */
function describeRule(rule: ApprovalRule, nameOf: (userId: string) => string): string {
  const when =
    rule.min_total === null
      ? 'every report'
      : `reports above ${formatMoney(rule.min_total, rule.currency_code)}`;
  const who =
    rule.approver_type === DEPARTMENT_HEAD
      ? "the submitter's department head"
      : nameOf(rule.approver_user_id ?? '');
  return `Level ${rule.level} · ${when} · ${who}`;
}

/** The Add form: level, optional threshold in the base currency, and who approves. */
function AddLevel({ model }: { model: ApprovalLevelsModelType }) {
  const base = model.baseCurrency.value;
  const next = Math.min(20, Math.max(1, ...model.rules.value.map((r) => r.level)) + 1);
  const [level, setLevel] = useState(String(next));
  const [above, setAbove] = useState('');
  const [approver, setApprover] = useState(DEPARTMENT_HEAD);
  const [errors, setErrors] = useState<{ level?: string; above?: string; form?: string }>({});
  const [busy, setBusy] = useState(false);

  async function submit(e: Event) {
    e.preventDefault();
    const n = Number(level);
    const found: typeof errors = {};
    if (!/^\d+$/.test(level.trim()) || n < 2 || n > 20) found.level = 'Enter a level from 2 to 20.';
    if (above.trim() && !(/^\d+(\.\d+)?$/.test(above.trim()) && Number(above) >= 0))
      found.above = 'Enter an amount such as 1000 or 1000.50, or leave it empty for every report.';
    setErrors(found);
    if (found.level || found.above || busy) return;
    setBusy(true);
    const refused = await model.add({
      level: n,
      min_total: above.trim() ? Number(above) : null,
      approver: approver === DEPARTMENT_HEAD ? DEPARTMENT_HEAD : { user_id: approver },
    });
    setBusy(false);
    if (refused) return setErrors({ form: refused });
    setLevel(String(Math.min(20, n + 1)));
    setAbove('');
  }

  const value = (e: Event) => (e.currentTarget as HTMLInputElement | HTMLSelectElement).value;
  return (
    <form class="ds-reference-add" aria-label="Add approval level" onSubmit={submit} noValidate>
      <Field label="Level" error={errors.level}>
        {(p) => (
          <input
            {...p}
            type="number"
            min={2}
            max={20}
            step={1}
            value={level}
            onInput={(e) => setLevel(value(e))}
          />
        )}
      </Field>
      <Field
        label={base ? `For reports above (${base})` : 'For reports above'}
        error={errors.above}
        hint="Empty: every report."
      >
        {(p) => <input {...p} inputMode="decimal" value={above} onInput={(e) => setAbove(value(e))} />}
      </Field>
      <Field label="Approver" error={errors.form}>
        {(p) => (
          <select {...p} value={approver} onChange={(e) => setApprover(value(e))}>
            <option value={DEPARTMENT_HEAD}>The submitter's department head</option>
            {model.approvers.value.map((u) => (
              <option key={u.user_id} value={u.user_id}>
                {u.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Button type="submit" busy={busy}>
        Add level
      </Button>
    </form>
  );
}

/** Settings › Approval levels, after the manager's: list, add, delete (asking first). */
export function ApprovalLevels() {
  const { api } = useApp();
  const model = useModel(() => new ApprovalLevelsModel(api));
  const [deleting, setDeleting] = useState<ApprovalRule | null>(null);
  useEffect(() => {
    void model.load();
  }, [model]);
  const names = new Map(model.approvers.value.map((u) => [u.user_id, u.name]));
  const nameOf = (id: string) => names.get(id) ?? 'a user who can no longer approve';

  return (
    <SettingsSection
      id="ds-approval-levels-title"
      title="Approval levels"
      notice={model.notice.value}
      loading={model.loading.value}
      error={model.error.value}
      nothingRead={model.rules.value.length === 0}
      onRetry={() => void model.load()}
      after={
        deleting ? (
          <ConfirmDialog
            title="Delete approval level"
            confirmLabel="Delete"
            onConfirm={() => model.remove(deleting)}
            onClose={() => setDeleting(null)}
          >
            <p>
              Delete "{describeRule(deleting, nameOf)}"? Reports submitted from now on skip it; reports
              already waiting keep the approvers they were given.
            </p>
          </ConfirmDialog>
        ) : null
      }
    >
      <p>
        A report goes first to the submitter's manager (or the approver chosen when submitting), then through
        these levels in order, each when the report's total is above its amount.
      </p>
      {model.rules.value.length === 0 ? (
        <p>No further levels: the first approval is final.</p>
      ) : (
        <ul class="ds-reference-list">
          {model.rules.value.map((r) => (
            <li key={r.rule_id}>
              {describeRule(r, nameOf)}{' '}
              <Button
                variant="link"
                aria-label={`Delete approval level ${r.level}`}
                onClick={() => setDeleting(r)}
              >
                Delete
              </Button>
            </li>
          ))}
        </ul>
      )}
      <AddLevel model={model} />
    </SettingsSection>
  );
}

import { useModel } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { useApp } from '../../ui/app-context.js';
import { Button } from '../../ui/button.js';
import { Field } from '../../ui/field.js';
import { PerDiemLines } from './per-diem-lines.js';
import { PerDiemModel, type PerDiemValues } from './per-diem-model.js';
import { PerDiemPeriodFields } from './per-diem-period-fields.js';
import { ReportPicker } from './report-picker.js';
import { todayIso } from './today.js';
import './expenses.css';

export interface PerDiemFormProps {
  reports: Parameters<typeof ReportPicker>[0]['reports'];
  onSaved: () => void;
  onCancel: () => void;
}

/** Per Diem: policy, Trip or Individual Days, "Calculate Per Diem", tick lines, "Save and Close". */
export function PerDiemForm({ reports, onSaved, onCancel }: PerDiemFormProps) {
  const { api } = useApp();
  const model = useModel(() => new PerDiemModel(api, todayIso()));
  useEffect(() => {
    void model.loadPolicies();
  }, [model]);
  const v = model.values.value;
  const e = model.errors.value;
  const set = <K extends keyof PerDiemValues>(k: K, value: PerDiemValues[K]) => model.set(k, value);

  return (
    <form
      aria-label="Per Diem"
      noValidate
      onSubmit={(ev) => {
        ev.preventDefault();
        void model.calculate();
      }}
    >
      <h2>Per Diem</h2>
      {model.loadError.value ? (
        <p class="ds-field__error" role="alert">
          {model.loadError.value}
        </p>
      ) : null}
      {model.noPolicies.value ? (
        <p class="ds-notice" role="status">
          Your organisation has no per diem policy yet, so there are no rates to calculate with. An admin adds
          one in Settings, under Per diem policies.
        </p>
      ) : null}
      <div class="ds-form-grid">
        <ReportPicker
          reports={reports}
          value={v.report}
          error={e.report}
          onChange={(r) => set('report', r)}
        />
        <Field label="Policy" error={e.policy_id} required>
          {(p) => (
            <select {...p} value={v.policy_id} onChange={(ev) => set('policy_id', ev.currentTarget.value)}>
              <option value="">Choose a policy</option>
              {model.policies.value.map((pol) => (
                <option key={pol.policy_id} value={pol.policy_id}>
                  {pol.policy_name} ({pol.currency_code})
                </option>
              ))}
            </select>
          )}
        </Field>
        <fieldset class="ds-field--wide">
          <legend>Per diem type</legend>
          <label class="ds-check">
            <input
              type="radio"
              name="per-diem-type"
              checked={v.type === 'trip'}
              onChange={() => set('type', 'trip')}
            />
            Trip
          </label>
          <label class="ds-check">
            <input
              type="radio"
              name="per-diem-type"
              checked={v.type === 'individual_days'}
              onChange={() => set('type', 'individual_days')}
            />
            Individual Days
          </label>
        </fieldset>
        <PerDiemPeriodFields model={model} />
      </div>
      {e.form ? (
        <p class="ds-field__error" role="alert">
          {e.form}
        </p>
      ) : null}
      <div class="ds-toolbar">
        <Button type="submit" busy={model.busy.value} disabled={model.noPolicies.value}>
          Calculate Per Diem
        </Button>
        <Button onClick={onCancel}>Cancel</Button>
      </div>
      {model.lines.value.length > 0 ? (
        <>
          <PerDiemLines
            lines={model.lines.value}
            currency={model.policy.value?.currency_code ?? 'USD'}
            chosen={model.chosen.value}
            onToggle={model.toggleLine}
          />
          {e.lines ? (
            <p class="ds-field__error" role="alert">
              {e.lines}
            </p>
          ) : null}
          <Button
            variant="primary"
            busy={model.busy.value}
            onClick={async () => {
              if (await model.save()) onSaved();
            }}
          >
            Save and Close
          </Button>
        </>
      ) : null}
    </form>
  );
}

import type { ExpenseReport } from '../../api/types.js';
import { Field } from '../../ui/field.js';
import type { ReportChoice } from './types.js';

export interface ReportPickerProps {
  label?: string;
  reports: readonly ExpenseReport[];
  value: ReportChoice;
  onChange: (choice: ReportChoice) => void;
  /** Offers "no report" (the expense stays unreported). */
  allowNone?: boolean;
  error?: string | undefined;
}

const NEW = '__new__';

/** "Add to Report": an existing draft report, or "+ Add to New Report" with its name. */
export function ReportPicker({
  label = 'Add to Report',
  reports,
  value,
  onChange,
  allowNone = true,
  error,
}: ReportPickerProps) {
  const selected = value.kind === 'existing' ? value.report_id : value.kind === 'new' ? NEW : '';
  return (
    <>
      <Field label={label} error={value.kind === 'new' ? undefined : error}>
        {(p) => (
          <select
            {...p}
            value={selected}
            onChange={(e) => {
              const v = e.currentTarget.value;
              onChange(
                v === NEW
                  ? { kind: 'new', report_name: '' }
                  : v
                    ? { kind: 'existing', report_id: v }
                    : { kind: 'none' },
              );
            }}
          >
            <option value="">{allowNone ? 'None' : 'Choose a report'}</option>
            {reports.map((r) => (
              <option key={r.report_id} value={r.report_id}>
                {r.report_name}
              </option>
            ))}
            <option value={NEW}>+ Add to New Report</option>
          </select>
        )}
      </Field>
      {value.kind === 'new' ? (
        <Field label="New report name" error={error} required>
          {(p) => (
            <input
              {...p}
              value={value.report_name}
              onInput={(e) => onChange({ kind: 'new', report_name: e.currentTarget.value })}
            />
          )}
        </Field>
      ) : null}
    </>
  );
}

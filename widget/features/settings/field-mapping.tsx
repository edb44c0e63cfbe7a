import { useEffect, useState } from 'preact/hooks';
import { describeError } from '../expenses/describe-error.js';
import type { SettingsModelType } from './model.js';

/** Map Fields: each Zoho CRM field to a DealSpend field, or to a new DealSpend custom field. */
export function FieldMapping({
  model,
  module,
  value,
  onChange,
}: {
  model: SettingsModelType;
  module: 'Accounts' | 'Contacts';
  value: Record<string, string>;
  onChange: (map: Record<string, string>) => void;
}) {
  const [fields, setFields] = useState<Array<{ api_name: string; label: string }>>([]);
  const [targets, setTargets] = useState<string[]>([]);
  /** DealSpend fields as the server names them (the same names the conflicts list shows). */
  const [labels, setLabels] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    model.fields(module).then(
      (f) => {
        setFields(f.crm_fields);
        setTargets(f.dealspend_fields);
        setLabels(f.dealspend_field_labels);
      },
      (e) => setError(describeError(e)),
    );
  }, [model, module]);
  function set(field: string, target: string) {
    const next = { ...value };
    if (target === '') delete next[field];
    else
      next[field] =
        target === 'custom' ? `custom:${field.replace(/__c$/, '').replace(/_/g, ' ').trim()}` : target;
    onChange(next);
  }
  return (
    <fieldset>
      <legend>Map {module} fields</legend>
      {error ? <p role="alert">{error}</p> : null}
      <table class="ds-table">
        <thead>
          <tr>
            <th scope="col">Zoho CRM field</th>
            <th scope="col">DealSpend field</th>
          </tr>
        </thead>
        <tbody>
          {fields.map((f) => {
            const current = value[f.api_name] ?? '';
            return (
              <tr key={f.api_name}>
                <td>{f.label}</td>
                <td>
                  <select
                    aria-label={`DealSpend field for ${f.label}`}
                    value={current}
                    onChange={(e) => set(f.api_name, (e.target as HTMLSelectElement).value)}
                  >
                    <option value="">Not mapped</option>
                    {targets.map((t) => (
                      <option key={t} value={t}>
                        {t.startsWith('custom:') ? `Custom: ${labels[t] ?? t.slice(7)}` : (labels[t] ?? t)}
                      </option>
                    ))}
                    {current.startsWith('custom:') && !targets.includes(current) ? (
                      <option value={current}>Custom: {current.slice(7)}</option>
                    ) : null}
                    <option value="custom">New custom field</option>
                  </select>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </fieldset>
  );
}

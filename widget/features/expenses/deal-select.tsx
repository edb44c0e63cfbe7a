import type { Deal } from '../../api/types.js';
import { Field } from '../../ui/field.js';

export interface DealSelectProps {
  deals: readonly Deal[];
  value: string;
  onChange: (dealId: string) => void;
  error?: string | undefined;
}

/** "Potential": the deals of the chosen customer. */
export function DealSelect({ deals, value, onChange, error }: DealSelectProps) {
  return (
    <Field
      label="Potential"
      error={error}
      hint={deals.length === 0 ? 'This customer has no potentials.' : undefined}
    >
      {(p) => (
        <select {...p} value={value} onChange={(e) => onChange(e.currentTarget.value)}>
          <option value="">None</option>
          {deals.map((d) => (
            <option key={d.deal_id} value={d.deal_id}>
              {d.deal_name}
              {d.stage ? ` (${d.stage})` : ''}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

import { Button } from '../../ui/button.js';
import type { Refusal } from './model.js';

/** After a bulk delete: the expenses that were kept, each with the reason. */
export function RefusalsNotice({
  refusals,
  onDismiss,
}: {
  refusals: readonly Refusal[];
  onDismiss: () => void;
}) {
  if (refusals.length === 0) return null;
  return (
    <div class="ds-error" role="alert">
      <p>
        {refusals.length === 1
          ? 'This expense was not deleted:'
          : `These ${refusals.length} expenses were not deleted:`}
      </p>
      <ul>
        {refusals.map((r) => (
          <li key={r.expense_id}>
            <strong>{r.label}</strong>: {r.reason}
          </li>
        ))}
      </ul>
      <Button onClick={onDismiss}>Dismiss</Button>
    </div>
  );
}

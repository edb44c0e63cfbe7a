import { Button } from '../../ui/button.js';
import type { Conflict } from './types.js';

export type KeptSide = 'local' | 'remote';

/** The sides as the buttons and messages name them. */
export const SIDE_NAMES: Record<KeptSide, string> = { local: 'DealSpend', remote: 'Zoho CRM' };

function Value({ value }: { value: string | null }) {
  return value ? <>“{value}”</> : <em>empty</em>;
}

/**
 * One conflict: the customer, the field by its label (its key in the tooltip, for support), both
 * values and a button to keep each. While `keeping` names a side, that button says so; while any
 * conflict is being resolved (`waiting`) the buttons ignore clicks but keep focus, so Tab and
 * Escape still work.
 */
export function ConflictRow({
  conflict: c,
  idPrefix,
  keeping,
  waiting,
  onKeep,
}: {
  conflict: Conflict;
  idPrefix: string;
  keeping: KeptSide | null;
  waiting: boolean;
  onKeep: (side: KeptSide) => void;
}) {
  const whatId = `${idPrefix}-${c.conflict_id}`;
  const button = (side: KeptSide) => (
    <Button
      aria-describedby={whatId}
      aria-disabled={waiting || undefined}
      onClick={() => {
        if (!waiting) onKeep(side);
      }}
    >
      {keeping === side ? `Keeping the ${SIDE_NAMES[side]} value…` : `Keep ${SIDE_NAMES[side]} value`}
    </Button>
  );
  return (
    <li class="ds-conflict" aria-busy={keeping ? true : undefined}>
      <p id={whatId}>
        <strong>{c.contact_name ?? 'Customer'}</strong>,{' '}
        <span class="ds-conflict__field" title={`Field key: ${c.field}`}>
          {c.field_label}
        </span>
        : DealSpend <Value value={c.local_value} />, Zoho CRM <Value value={c.remote_value} />
      </p>
      <p class="ds-conflict__actions">
        {button('local')} {button('remote')}
      </p>
    </li>
  );
}

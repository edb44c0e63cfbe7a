import { useState } from 'preact/hooks';
import { Button } from '../../ui/button.js';
import { ConfirmDialog } from '../expenses/confirm-dialog.js';
import { ReferenceAddForm } from './reference-add-form.js';
import {
  KIND_NAMES,
  type ReferenceDataModelType,
  type ReferenceItem,
  type ReferenceKind,
} from './reference-data-model.js';

/** One list (departments, categories or currencies): Delete asks first; the Add form is below it. */
export function ReferenceList({
  model,
  kind,
  title,
}: {
  model: ReferenceDataModelType;
  kind: ReferenceKind;
  title: string;
}) {
  const [deleting, setDeleting] = useState<ReferenceItem | null>(null);
  const items = model.items[kind].value;
  const problem = model.problems.value[kind];
  const titleId = `ds-reference-${kind}`;
  return (
    <article class="ds-card" aria-labelledby={titleId}>
      <h3 id={titleId}>{title}</h3>
      {problem ? (
        <p role="alert" class="ds-settings__error">
          {problem}
        </p>
      ) : null}
      {items.length === 0 ? (
        <p>None yet.</p>
      ) : (
        <ul class="ds-reference-list">
          {items.map((item) => (
            <li key={item.id}>
              <span>{item.name}</span>
              {item.detail ? <span class="ds-muted"> · {item.detail}</span> : null}{' '}
              {item.enabled !== undefined ? (
                <>
                  <Button
                    variant="link"
                    aria-label={`${item.enabled ? 'Disable' : 'Enable'} ${KIND_NAMES[kind]} ${item.name}`}
                    onClick={() => void model.setEnabled(item, !item.enabled)}
                  >
                    {item.enabled ? 'Disable' : 'Enable'}
                  </Button>{' '}
                </>
              ) : null}
              {item.deletable ? (
                <Button
                  variant="link"
                  aria-label={`Delete ${KIND_NAMES[kind]} ${item.name}`}
                  onClick={() => setDeleting(item)}
                >
                  Delete
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <ReferenceAddForm kind={kind} baseCurrency={model.baseCurrency.value} onAdd={model.add} />
      {deleting ? (
        <ConfirmDialog
          title={`Delete ${KIND_NAMES[kind]}`}
          confirmLabel="Delete"
          onConfirm={() => model.remove(kind, deleting)}
          onClose={() => setDeleting(null)}
        >
          <p>
            Delete the {KIND_NAMES[kind]} "{deleting.name}"? This cannot be undone. One that is still in use
            cannot be deleted.
          </p>
        </ConfirmDialog>
      ) : null}
    </article>
  );
}

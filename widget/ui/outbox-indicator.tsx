import { useState } from 'preact/hooks';
import type { Outbox } from '../api/outbox.js';
import { Button } from './button.js';
import { Dialog } from './dialog.js';

/**
 * What waits to be sent ("2 changes waiting to be sent") and what the server refused ("1 conflict"),
 * with the user's version shown so nothing typed is lost.
 */
export function OutboxIndicator({ outbox }: { outbox: Outbox }) {
  const [open, setOpen] = useState(false);
  const pending = outbox.pending.value;
  const conflicts = outbox.conflicts.value;
  if (pending === 0 && conflicts.length === 0) return null;
  return (
    <div
      class={`ds-outbox${conflicts.length ? ' ds-outbox--conflict' : ''}`}
      role="status"
      aria-live="polite"
    >
      {pending > 0 ? (
        <span>
          {pending} change{pending === 1 ? '' : 's'} waiting to be sent{outbox.replaying.value ? '…' : ''}
        </span>
      ) : null}
      {conflicts.length > 0 ? (
        <Button variant="link" onClick={() => setOpen(true)}>
          {conflicts.length} conflict{conflicts.length === 1 ? '' : 's'}
        </Button>
      ) : null}
      {open ? (
        <Dialog title="Changes the server did not accept" onClose={() => setOpen(false)} wide>
          <ul class="ds-conflicts">
            {conflicts.map((c) => (
              <li key={c.id}>
                <p>
                  <strong>{c.label}</strong>: {c.problem ?? 'The server did not accept this change.'}
                </p>
                <details>
                  <summary>Your version</summary>
                  <pre>{JSON.stringify(c.body, null, 2)}</pre>
                </details>
                <div class="ds-toolbar">
                  <Button variant="primary" onClick={() => void outbox.retry(c.id!)}>
                    Send my version
                  </Button>
                  <Button onClick={() => void outbox.discard(c.id!)}>Discard my version</Button>
                </div>
              </li>
            ))}
          </ul>
        </Dialog>
      ) : null}
    </div>
  );
}

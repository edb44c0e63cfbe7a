import { useState } from 'preact/hooks';
import { Button } from '../../ui/button.js';
import { Dialog } from '../../ui/dialog.js';
import { Field } from '../../ui/field.js';

export interface RejectDialogProps {
  onReject: (reason: string) => Promise<string | null>;
  onDone: () => void;
  onClose: () => void;
}

/** Reject with a reason: the reason is required, so the submitter knows what to fix. */
export function RejectDialog({ onReject, onDone, onClose }: RejectDialogProps) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  async function reject() {
    if (!reason.trim()) return setError('Enter the reason for rejecting this report.');
    setBusy(true);
    const problem = await onReject(reason);
    setBusy(false);
    if (problem) setError(problem);
    else onDone();
  }

  return (
    <Dialog
      title="Reject report"
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="danger" busy={busy} onClick={reject}>
            Reject
          </Button>
        </>
      }
    >
      <Field label="Reason" error={error} required>
        {(p) => (
          <textarea
            {...p}
            rows={3}
            value={reason}
            onInput={(e) => {
              setReason(e.currentTarget.value);
              setError(undefined);
            }}
          />
        )}
      </Field>
    </Dialog>
  );
}

import type { ReadonlySignal } from '@preact/signals';
import { useEffect, useState } from 'preact/hooks';
import type { User } from '../../api/types.js';
import { Button } from '../../ui/button.js';
import { Dialog } from '../../ui/dialog.js';
import { Field } from '../../ui/field.js';
import type { ActionResult } from './report-page-model.js';

/** What the pop-up needs: the report page, or the list submitting its selection. */
export interface Submitter {
  approvers: ReadonlySignal<User[]>;
  busy: ReadonlySignal<boolean>;
  loadApprovers(): Promise<string>;
  submit(approverId: string): Promise<ActionResult>;
}

export interface SubmitDialogProps {
  model: Submitter;
  /** e.g. "Submit report" or "Submit 3 reports". */
  title?: string;
  onDone: () => void;
  onClose: () => void;
}

/** The Submit pop-up: choose the approver (the submitter's manager by default), then Submit. */
export function SubmitDialog({ model, title = 'Submit report', onDone, onClose }: SubmitDialogProps) {
  const [approver, setApprover] = useState('');
  const [error, setError] = useState<ActionResult>(null);
  useEffect(() => {
    void model.loadApprovers().then((first) => setApprover((current) => current || first));
  }, [model]);

  async function submit() {
    const problem = await model.submit(approver);
    if (problem) setError(problem);
    else onDone();
  }

  return (
    <Dialog
      title={title}
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" busy={model.busy.value} onClick={submit}>
            Submit
          </Button>
        </>
      }
    >
      <Field label="Approver" error={error ?? undefined} required>
        {(p) => (
          <select {...p} value={approver} onChange={(e) => setApprover(e.currentTarget.value)}>
            <option value="">Choose an approver</option>
            {model.approvers.value.map((u) => (
              <option key={u.user_id} value={u.user_id}>
                {u.name}
              </option>
            ))}
          </select>
        )}
      </Field>
    </Dialog>
  );
}

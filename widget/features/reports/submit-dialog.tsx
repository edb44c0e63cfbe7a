import { useEffect, useState } from 'preact/hooks';
import { Button } from '../../ui/button.js';
import { Dialog } from '../../ui/dialog.js';
import { Field } from '../../ui/field.js';
import type { ActionResult, ReportPageModel } from './report-page-model.js';

export interface SubmitDialogProps {
  model: InstanceType<typeof ReportPageModel>;
  onDone: () => void;
  onClose: () => void;
}

/** The Submit pop-up: choose the approver (the submitter's manager by default), then Submit. */
export function SubmitDialog({ model, onDone, onClose }: SubmitDialogProps) {
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
      title="Submit report"
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

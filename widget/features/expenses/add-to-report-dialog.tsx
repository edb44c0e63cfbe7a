import { useState } from 'preact/hooks';
import type { ExpenseReport } from '../../api/types.js';
import { Button } from '../../ui/button.js';
import { Dialog } from '../../ui/dialog.js';
import { ReportPicker } from './report-picker.js';
import type { ReportChoice } from './types.js';

export interface AddToReportDialogProps {
  count: number;
  /** Draft reports the expenses can join. */
  reports: readonly ExpenseReport[];
  onAdd: (choice: ReportChoice) => Promise<string | null>;
  onClose: () => void;
}

/** "Add to Report" for the selected expenses: an existing draft report or "+ Add to New Report". */
export function AddToReportDialog({ count, reports, onAdd, onClose }: AddToReportDialogProps) {
  const [choice, setChoice] = useState<ReportChoice>({ kind: 'none' });
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  async function add() {
    if (choice.kind === 'none') return setError('Choose a report.');
    if (choice.kind === 'new' && !choice.report_name.trim()) return setError('Name the new report.');
    setBusy(true);
    const problem = await onAdd(choice);
    setBusy(false);
    if (problem) setError(problem);
    else onClose();
  }

  return (
    <Dialog
      title={`Add ${count} expense${count === 1 ? '' : 's'} to a report`}
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" busy={busy} onClick={add}>
            Add to Report
          </Button>
        </>
      }
    >
      <ReportPicker
        reports={reports}
        value={choice}
        onChange={(c) => {
          setChoice(c);
          setError(undefined);
        }}
        allowNone={false}
        error={error}
      />
    </Dialog>
  );
}

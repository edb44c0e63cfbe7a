import { useState } from 'preact/hooks';
import { Button } from '../../ui/button.js';
import { Dialog } from '../../ui/dialog.js';
import type { SettingsModelType } from './model.js';
import type { SystemName } from './types.js';

/** Delete Integration: choose how synced records are converted, then confirm. */
export function DeleteDialog({
  model,
  system,
  name,
  onClose,
}: {
  model: SettingsModelType;
  system: SystemName;
  name: string;
  onClose: () => void;
}) {
  const [conversion, setConversion] = useState<'all' | 'with_transactions'>('all');
  const [busy, setBusy] = useState(false);
  async function confirm() {
    setBusy(true);
    await model.remove(system, conversion);
    setBusy(false);
    onClose();
  }
  return (
    <Dialog
      title={`Delete ${name} integration`}
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="danger" busy={busy} onClick={confirm}>
            Delete
          </Button>
        </>
      }
    >
      <p>The mapping between the records will be permanently removed. This cannot be undone.</p>
      <fieldset>
        <legend>Synced records</legend>
        <label class="ds-radio">
          <input
            type="radio"
            name="conversion"
            checked={conversion === 'all'}
            onChange={() => setConversion('all')}
          />
          Convert all synced records to DealSpend records
        </label>
        <label class="ds-radio">
          <input
            type="radio"
            name="conversion"
            checked={conversion === 'with_transactions'}
            onChange={() => setConversion('with_transactions')}
          />
          Convert only the records with transactions and delete the remaining records
        </label>
      </fieldset>
    </Dialog>
  );
}

import { useState } from 'preact/hooks';
import { Dialog } from '../../ui/dialog.js';
import { Field } from '../../ui/field.js';
import { SaveFooter, useDialogSave } from './dialog-save.js';
import type { SettingsModelType } from './model.js';

/**
 * The plan's seats: how many users may be active. A users sync imports active users up to it (the
 * rest come in inactive), and adding a user or making one active needs a free seat.
 */
export function SeatsDialog({
  model,
  orgId,
  current,
  onClose,
}: {
  model: SettingsModelType;
  orgId: string;
  current: number;
  onClose: () => void;
}) {
  const [value, setValue] = useState(String(current));
  const { busy, error, setError, save: saveThenClose } = useDialogSave(model, onClose);
  async function save() {
    const seats = Number(value);
    if (!/^\d+$/.test(value.trim()) || seats < 1 || seats > 100_000) {
      setError('Enter a whole number of seats from 1 to 100,000.');
      return;
    }
    await saveThenClose(() => model.saveSeats(orgId, seats));
  }
  return (
    <Dialog
      title="Seats in your plan"
      onClose={onClose}
      footer={<SaveFooter busy={busy} onCancel={onClose} onSave={save} />}
    >
      <p>
        Each active user takes a seat. A users sync imports active users up to this number and the others as
        inactive; adding a user or making one active needs a free seat.
      </p>
      <Field label="Seats" error={error ?? undefined}>
        {(p) => (
          <input
            {...p}
            type="number"
            inputMode="numeric"
            min={1}
            max={100000}
            step={1}
            value={value}
            onInput={(e) => {
              setValue(e.currentTarget.value);
              setError(null);
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter') void save();
            }}
          />
        )}
      </Field>
    </Dialog>
  );
}

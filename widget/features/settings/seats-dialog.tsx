import { useState } from 'preact/hooks';
import { Button } from '../../ui/button.js';
import { Dialog } from '../../ui/dialog.js';
import { Field } from '../../ui/field.js';
import type { SettingsModelType } from './model.js';

/** The plan's seats: how many CRM users a users sync imports as active (the rest come in inactive). */
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
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function save() {
    const seats = Number(value);
    if (!/^\d+$/.test(value.trim()) || seats < 1 || seats > 100_000) {
      setError('Enter a whole number of seats from 1 to 100,000.');
      return;
    }
    setBusy(true);
    const ok = await model.saveSeats(orgId, seats);
    setBusy(false);
    if (ok) onClose();
    else setError(model.error.value);
  }
  return (
    <Dialog
      title="Seats in your plan"
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" busy={busy} onClick={save}>
            Save
          </Button>
        </>
      }
    >
      <p>A users sync imports active CRM users up to this number; the others are imported as inactive.</p>
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

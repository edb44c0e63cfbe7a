import { useState } from 'preact/hooks';
import { Button } from '../../ui/button.js';
import type { SettingsModelType } from './model.js';

/**
 * A settings dialog's save: busy while it runs, closed when it worked, and otherwise why not kept
 * in the dialog, where the admin is looking (the page's own message is behind it).
 * @param work - resolves to null when saved, else the reason it was refused.
 */
export function useRefusableSave(onClose: () => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function save(work: () => Promise<string | null>): Promise<boolean> {
    setBusy(true);
    const refused = await work();
    setBusy(false);
    if (refused === null) onClose();
    else setError(refused);
    return refused === null;
  }
  return { busy, error, setError, save };
}

/** useRefusableSave for the integration dialogs, whose model reports success and keeps the error. */
export function useDialogSave(model: SettingsModelType, onClose: () => void) {
  const inner = useRefusableSave(onClose);
  const save = (work: () => Promise<boolean>) =>
    inner.save(async () => ((await work()) ? null : (model.error.value ?? 'It could not be saved.')));
  return { ...inner, save };
}

/** The dialog's error, at the top of its body. */
export function DialogError({ message }: { message: string | null }) {
  return message ? (
    <p class="ds-field__error" role="alert">
      {message}
    </p>
  ) : null;
}

/** Cancel, and the primary Save (busy while it runs). */
export function SaveFooter({
  busy,
  onCancel,
  onSave,
  label = 'Save',
}: {
  busy: boolean;
  onCancel: () => void;
  onSave: () => unknown;
  label?: string;
}) {
  return (
    <>
      <Button onClick={onCancel}>Cancel</Button>
      <Button variant="primary" busy={busy} onClick={onSave}>
        {label}
      </Button>
    </>
  );
}

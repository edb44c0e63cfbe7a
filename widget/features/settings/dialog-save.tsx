import { useState } from 'preact/hooks';
import type { SettingsModelType } from './model.js';

/**
 * A settings dialog's save: busy while it runs, closed when it worked, and otherwise the model's
 * error kept in the dialog, where the admin is looking (the page's own message is behind it).
 */
export function useDialogSave(model: SettingsModelType, onClose: () => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function save(work: () => Promise<boolean>): Promise<boolean> {
    setBusy(true);
    const ok = await work();
    setBusy(false);
    if (ok) onClose();
    else setError(model.error.value);
    return ok;
  }
  return { busy, error, setError, save };
}

/** The dialog's error, at the top of its body. */
export function DialogError({ message }: { message: string | null }) {
  return message ? (
    <p class="ds-field__error" role="alert">
      {message}
    </p>
  ) : null;
}

import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { Button } from '../../ui/button.js';
import { Dialog } from '../../ui/dialog.js';

export interface ConfirmDialogProps {
  title: string;
  /** The button that confirms, in the seed's words ("Delete"). */
  confirmLabel: string;
  children: ComponentChildren;
  onConfirm: () => Promise<unknown> | unknown;
  onClose: () => void;
  /** Red for what destroys or cannot be undone (the default); primary for a plain go-ahead. */
  tone?: 'danger' | 'primary';
}

/** Asks before an action (by default a destructive one); the confirm button shows progress and the dialog then closes. */
export function ConfirmDialog({
  title,
  confirmLabel,
  children,
  onConfirm,
  onClose,
  tone = 'danger',
}: ConfirmDialogProps) {
  const [busy, setBusy] = useState(false);
  async function confirm() {
    setBusy(true);
    try {
      await onConfirm();
    } finally {
      setBusy(false);
      onClose();
    }
  }
  return (
    <Dialog
      title={title}
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant={tone} busy={busy} onClick={confirm}>
            {confirmLabel}
          </Button>
        </>
      }
    >
      {children}
    </Dialog>
  );
}

import { type ReadonlySignal, signal } from '@preact/signals';

export type ToastKind = 'info' | 'success' | 'error';

export interface Toast {
  id: number;
  kind: ToastKind;
  message: string;
}

export interface ToastModel {
  readonly toasts: ReadonlySignal<readonly Toast[]>;
  show(message: string, kind?: ToastKind): number;
  dismiss(id: number): void;
}

/** Short notices ("Expense saved"); each disappears after `lifetimeMs` unless dismissed sooner. */
export function createToastModel(lifetimeMs = 5000): ToastModel {
  const toasts = signal<readonly Toast[]>([], { name: 'toasts' });
  let nextId = 1;
  function dismiss(id: number) {
    toasts.value = toasts.value.filter((t) => t.id !== id);
  }
  return {
    toasts,
    show(message, kind = 'info') {
      const id = nextId++;
      toasts.value = [...toasts.value, { id, kind, message }];
      if (lifetimeMs > 0) setTimeout(() => dismiss(id), lifetimeMs);
      return id;
    },
    dismiss,
  };
}

import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { ToastModel } from './toast-model.js';

export const ToastContext = createContext<ToastModel | null>(null);

/** The toast model of the current mount (the shell provides it). */
export function useToast(): ToastModel {
  const model = useContext(ToastContext);
  if (!model) throw new Error('useToast needs a <ToastContext.Provider>');
  return model;
}

/** Where toasts appear; a live region so they are read out. */
export function ToastList({ model }: { model: ToastModel }) {
  return (
    <div class="ds-toasts" role="status" aria-live="polite">
      {model.toasts.value.map((t) => (
        <div key={t.id} class={`ds-toast ds-toast--${t.kind}`}>
          <span>{t.message}</span>
          <button type="button" aria-label="Dismiss" onClick={() => model.dismiss(t.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}

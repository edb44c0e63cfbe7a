import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef } from 'preact/hooks';
import { focusableIn } from './focusable.js';

export interface DialogProps {
  title: string;
  onClose: () => void;
  children: ComponentChildren;
  /** Buttons row at the bottom. */
  footer?: ComponentChildren;
  wide?: boolean;
}

/**
 * A modal dialog: focus moves in on open, Tab stays inside, Escape closes, and focus returns to
 * what had it before. Rendered in place (no portal) so it works inside the CRM's iframe.
 */
export function Dialog({ title, onClose, children, footer, wide }: DialogProps) {
  const ref = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const closeRef = useRef(onClose);
  closeRef.current = onClose;

  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    const root = ref.current;
    if (root) {
      const first = focusableIn(root).find((el) => !el.classList.contains('ds-dialog__close'));
      (first ?? root).focus();
    }
    return () => previous?.focus?.();
  }, []);

  function onKeyDown(e: KeyboardEvent) {
    if (e.key === 'Escape') {
      e.stopPropagation();
      closeRef.current();
      return;
    }
    if (e.key !== 'Tab' || !ref.current) return;
    const items = focusableIn(ref.current);
    if (items.length === 0) {
      e.preventDefault();
      return;
    }
    const first = items[0]!;
    const last = items[items.length - 1]!;
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  }

  return (
    <div class="ds-dialog__backdrop">
      <div
        ref={ref}
        class={`ds-dialog${wide ? ' ds-dialog--wide' : ''}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        tabIndex={-1}
        onKeyDown={onKeyDown}
      >
        <header class="ds-dialog__header">
          <h2 id={titleId}>{title}</h2>
          <button
            type="button"
            class="ds-dialog__close"
            aria-label="Close"
            onClick={() => closeRef.current()}
          >
            ×
          </button>
        </header>
        <div class="ds-dialog__body">{children}</div>
        {footer ? <footer class="ds-dialog__footer">{footer}</footer> : null}
      </div>
    </div>
  );
}

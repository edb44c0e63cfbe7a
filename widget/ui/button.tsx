import type { ComponentChildren, JSX } from 'preact';

export type ButtonVariant = 'primary' | 'secondary' | 'danger' | 'link';

export interface ButtonProps extends Omit<JSX.ButtonHTMLAttributes<HTMLButtonElement>, 'loading'> {
  variant?: ButtonVariant;
  /** Shows a busy state and blocks clicks while an action runs. */
  busy?: boolean;
  children?: ComponentChildren;
}

/** The one button: `type="button"` unless told otherwise, so it never submits a form by accident. */
export function Button({
  variant = 'secondary',
  busy = false,
  type,
  disabled,
  children,
  ...rest
}: ButtonProps) {
  return (
    <button
      {...rest}
      type={type ?? 'button'}
      class={`ds-btn ds-btn--${variant}${rest.class ? ` ${rest.class}` : ''}`}
      disabled={Boolean(disabled) || busy}
      aria-busy={busy || undefined}
    >
      {children}
    </button>
  );
}

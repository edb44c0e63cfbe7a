import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';

export interface FieldRenderProps {
  id: string;
  'aria-invalid': boolean | undefined;
  'aria-describedby': string | undefined;
  required: boolean | undefined;
}

export interface FieldProps {
  label: string;
  /** Shown under the control and announced with it. */
  error?: string | undefined;
  hint?: string;
  required?: boolean;
  /** Receives the id and aria attributes to spread on the control. */
  children: (control: FieldRenderProps) => ComponentChildren;
}

/**
 * A labelled control with its error next to it.
 *
 * @example
 * <Field label="Amount" error={errors.amount}>{(p) => <input {...p} value={amount} />}</Field>
 */
export function Field({ label, error, hint, required, children }: FieldProps) {
  const id = useId();
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const describedBy = [error ? errorId : '', hint ? hintId : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`ds-field${error ? ' ds-field--error' : ''}`}>
      <label for={id} class="ds-field__label">
        {label}
        {required ? <span aria-hidden="true"> *</span> : null}
      </label>
      {children({ id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy, required })}
      {hint ? (
        <p id={hintId} class="ds-field__hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} class="ds-field__error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

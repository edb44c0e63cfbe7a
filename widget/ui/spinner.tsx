export interface SpinnerProps {
  label?: string;
}

/** Loading state, announced politely to screen readers. */
export function Spinner({ label = 'Loading…' }: SpinnerProps) {
  return (
    <div class="ds-spinner" role="status" aria-live="polite">
      <span class="ds-spinner__dot" aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}

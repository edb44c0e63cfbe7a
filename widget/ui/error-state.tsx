import { Button } from './button.js';

export interface ErrorStateProps {
  message: string;
  onRetry?: () => void;
}

/** A failed load: says what went wrong and offers to try again. */
export function ErrorState({ message, onRetry }: ErrorStateProps) {
  return (
    <div class="ds-error" role="alert">
      <p>{message}</p>
      {onRetry ? <Button onClick={onRetry}>Try again</Button> : null}
    </div>
  );
}

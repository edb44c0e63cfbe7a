import type { AuthModel } from '../api/auth.js';
import { Button } from './button.js';
import { Spinner } from './spinner.js';

/** Shown instead of the widget until the user is signed in to DealSpend. */
export function SignInPrompt({ auth }: { auth: AuthModel }) {
  const status = auth.status.value;
  if (status === 'signing-in') return <Spinner label="Signing in to DealSpend…" />;
  return (
    <div class="ds-signin">
      <p>
        {status === 'needs-click'
          ? 'Your browser blocked the sign-in window. Sign in to continue.'
          : 'Sign in to DealSpend with your Zoho account to see and record expenses.'}
      </p>
      {auth.error.value ? (
        <p class="ds-field__error" role="alert">
          {auth.error.value}
        </p>
      ) : null}
      <Button variant="primary" onClick={() => void auth.signIn()}>
        Sign in to DealSpend
      </Button>
    </div>
  );
}

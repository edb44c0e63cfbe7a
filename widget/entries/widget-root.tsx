import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { User } from '../api/types.js';
import { AppContext, type AppServices } from '../ui/app-context.js';
import { ErrorState } from '../ui/error-state.js';
import { SignInPrompt } from '../ui/sign-in-prompt.js';
import { Spinner } from '../ui/spinner.js';
import { ToastContext, ToastList } from '../ui/toast.js';
import type { Session } from './session.js';

export interface WidgetRootProps {
  start: () => Promise<Session>;
  /** Builds the services once the user is known (the tab adds its router). */
  services: (session: Session, me: User) => AppServices;
  children: ComponentChildren;
}

type State =
  | { step: 'connecting' }
  | { step: 'failed'; message: string }
  | { step: 'signing-in'; session: Session }
  | { step: 'ready'; session: Session; services: AppServices };

/** Connect → sign in → load the user → render; each step shows where it is and what went wrong. */
export function WidgetRoot({ start, services, children }: WidgetRootProps) {
  const [state, setState] = useState<State>({ step: 'connecting' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let live = true;
    (async () => {
      const session = await start();
      if (!live) return;
      setState({ step: 'signing-in', session });
      const me = await session.me();
      if (live) setState({ step: 'ready', session, services: services(session, me) });
    })().catch((e: unknown) => {
      if (live) setState({ step: 'failed', message: e instanceof Error ? e.message : String(e) });
    });
    return () => {
      live = false;
    };
  }, [attempt]);

  const retry = useMemo(() => () => setAttempt((n) => n + 1), []);
  switch (state.step) {
    case 'connecting':
      return <Spinner label="Connecting to Zoho CRM…" />;
    case 'failed':
      return <ErrorState message={state.message} onRetry={retry} />;
    case 'signing-in':
      return <SignInPrompt auth={state.session.auth} />;
    case 'ready':
      return (
        <AppContext.Provider value={state.services}>
          <ToastContext.Provider value={state.services.toasts}>
            {children}
            <ToastList model={state.services.toasts} />
          </ToastContext.Provider>
        </AppContext.Provider>
      );
  }
}

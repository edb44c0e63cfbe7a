import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { isApiError } from '../api/api-error.js';
import type { DealSpendDatabase } from '../api/db.js';
import { recallUser, rememberUser } from '../api/last-user.js';
import type { User } from '../api/types.js';
import { AppContext, type AppServices } from '../ui/app-context.js';
import { Button } from '../ui/button.js';
import { ErrorState } from '../ui/error-state.js';
import { SignInPrompt } from '../ui/sign-in-prompt.js';
import { Spinner } from '../ui/spinner.js';
import { ToastContext, ToastList } from '../ui/toast.js';
import type { Session } from './session.js';

export interface WidgetRootProps {
  start: () => Promise<Session>;
  /** The widget's database: the last signed-in user is remembered there to open offline. */
  db: Promise<DealSpendDatabase>;
  /** Builds the services once the user is known (the tab adds its router). */
  services: (session: Session, me: User) => AppServices;
  /** Where to listen for the connection coming back. */
  win?: Pick<Window, 'addEventListener' | 'removeEventListener' | 'navigator'>;
  children: ComponentChildren;
}

type State =
  | { step: 'connecting' }
  | { step: 'failed'; message: string }
  | { step: 'signing-in'; session: Session }
  | { step: 'ready'; session: Session; services: AppServices; offline: boolean };

export const OFFLINE_MESSAGE = 'You are offline. Showing what was loaded last; changes wait in the outbox.';

/**
 * Connect → sign in → load the user → render; each step shows where it is and what went wrong.
 * Without a connection the user cannot sign in (the token lives in memory only), so the widget opens
 * as the last signed-in user with what the cache holds, and signs in when the connection returns.
 */
export function WidgetRoot({ start, db, services, win = window, children }: WidgetRootProps) {
  const [state, setState] = useState<State>({ step: 'connecting' });
  const [attempt, setAttempt] = useState(0);
  const session = useRef<Session | null>(null);
  const current = useRef<AppServices | null>(null);
  useEffect(() => {
    let live = true;
    (async () => {
      session.current ??= await start();
      const s = session.current;
      if (!live) return;
      let me: User | null = null;
      if (win.navigator.onLine !== false) {
        setState({ step: 'signing-in', session: s });
        try {
          me = await s.me();
          void rememberUser(db, me);
        } catch (e) {
          if (!isApiError(e) || !e.offline) throw e;
        }
      }
      const offline = me === null;
      me ??= await recallUser(db);
      if (!me) throw new Error('You are offline, and DealSpend has not been opened on this device yet.');
      if (!live) return;
      current.current?.outbox.dispose();
      current.current = services(s, me);
      setState({ step: 'ready', session: s, services: current.current, offline });
    })().catch((e: unknown) => {
      if (live) setState({ step: 'failed', message: e instanceof Error ? e.message : String(e) });
    });
    return () => {
      live = false;
    };
  }, [attempt]);

  // Unmounted: the last outbox stops listening for the connection.
  useEffect(() => () => current.current?.outbox.dispose(), []);

  const retry = useMemo(() => () => setAttempt((n) => n + 1), []);
  const offline = state.step === 'ready' && state.offline;
  useEffect(() => {
    if (!offline) return;
    // Back online: sign in as usual and load fresh; the new outbox replays once signed in.
    win.addEventListener('online', retry);
    return () => win.removeEventListener('online', retry);
  }, [offline]);

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
            {offline || state.services.stale?.value ? (
              <p class="ds-offline" role="status">
                {OFFLINE_MESSAGE}
                {offline ? (
                  <Button variant="secondary" onClick={retry}>
                    Reconnect
                  </Button>
                ) : null}
              </p>
            ) : null}
            {children}
            <ToastList model={state.services.toasts} />
          </ToastContext.Provider>
        </AppContext.Provider>
      );
  }
}

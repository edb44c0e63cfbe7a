import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { ViewName } from '../ui/app-context.js';
import { ErrorState } from '../ui/error-state.js';
import { Spinner } from '../ui/spinner.js';
import { loadView } from './views.js';

type State =
  | { status: 'loading' }
  | { status: 'ready'; View: ComponentType }
  | { status: 'missing' }
  | { status: 'failed' };

/** Loads the view's chunk on first visit; shows loading, then the view, or why it cannot. */
export function LazyView({ name }: { name: ViewName }) {
  const [state, setState] = useState<State>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let live = true;
    setState({ status: 'loading' });
    loadView(name).then(
      (View) => live && setState(View ? { status: 'ready', View } : { status: 'missing' }),
      () => live && setState({ status: 'failed' }),
    );
    return () => {
      live = false;
    };
  }, [name, attempt]);

  switch (state.status) {
    case 'loading':
      return <Spinner />;
    case 'missing':
      return <ErrorState message="This part of DealSpend is not available yet." />;
    case 'failed':
      return (
        <ErrorState
          message="This part of DealSpend could not be loaded. Check your connection."
          onRetry={() => setAttempt((n) => n + 1)}
        />
      );
    case 'ready':
      return <state.View />;
  }
}

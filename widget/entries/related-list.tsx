import { render } from 'preact';
import { RelatedListPanel } from '../features/related-list/related-list-panel.js';
import { createToastModel } from '../ui/toast-model.js';
import '../ui/theme.css';
import { signal } from '@preact/signals';
import { openDealSpendDB } from '../api/db.js';
import type { Route, ViewName } from '../ui/app-context.js';
import { createOfflineServices } from './offline-services.js';
import { startSession } from './session.js';
import { WidgetRoot } from './widget-root.js';

// The related list has no navigation of its own; items open in dialogs or in the CRM.
const route = signal<Route>({ view: 'expenses', params: {} }, { name: 'related-list-route' });

const db = openDealSpendDB();

render(
  <WidgetRoot
    start={() => startSession('record')}
    db={db}
    services={(session, me) => ({
      me,
      host: session.host,
      toasts: createToastModel(),
      ...createOfflineServices(session.api, me, db),
      route,
      navigate: (view: ViewName, params: Record<string, string> = {}) => {
        route.value = { view, params };
      },
    })}
  >
    <RelatedListPanel />
  </WidgetRoot>,
  document.getElementById('app')!,
);

import { render } from 'preact';
import { createRouteModel } from '../tab-shell/route-model.js';
import { TabShell } from '../tab-shell/tab-shell.js';
import { createToastModel } from '../ui/toast-model.js';
import '../ui/theme.css';
import { openDealSpendDB } from '../api/db.js';
import { createOfflineServices } from './offline-services.js';
import { startSession } from './session.js';
import { WidgetRoot } from './widget-root.js';

const routes = createRouteModel();

const db = openDealSpendDB();

render(
  <WidgetRoot
    start={() => startSession('web-tab')}
    db={db}
    services={(session, me) => ({
      me,
      host: session.host,
      toasts: createToastModel(),
      ...createOfflineServices(session.api, me, db),
      route: routes.route,
      navigate: routes.navigate,
    })}
  >
    <TabShell />
  </WidgetRoot>,
  document.getElementById('app')!,
);

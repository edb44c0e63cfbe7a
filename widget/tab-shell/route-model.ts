import { type ReadonlySignal, signal } from '@preact/signals';
import type { Route, ViewName } from '../ui/app-context.js';
import { formatRoute, parseRoute } from './route.js';

export interface RouteModel {
  readonly route: ReadonlySignal<Route>;
  navigate(view: ViewName, params?: Record<string, string>): void;
  dispose(): void;
}

/** The tab's place, kept in the URL hash so a reload (or the CRM re-mounting the tab) keeps it. */
export function createRouteModel(win: Window = window): RouteModel {
  const route = signal<Route>(parseRoute(win.location.hash), { name: 'route' });
  const onHashChange = () => {
    route.value = parseRoute(win.location.hash);
  };
  win.addEventListener('hashchange', onHashChange);
  return {
    route,
    navigate(view, params = {}) {
      const next = { view, params };
      route.value = next;
      const hash = formatRoute(next);
      if (win.location.hash !== hash) win.history.replaceState(null, '', hash);
    },
    dispose: () => win.removeEventListener('hashchange', onHashChange),
  };
}

import type { Route, ViewName } from '../ui/app-context.js';
import { VIEWS } from './views.js';

/** `#reports?report_id=12` ↔ `{ view: 'reports', params: { report_id: '12' } }`. */
export function parseRoute(hash: string, fallback: ViewName = 'expenses'): Route {
  const raw = hash.replace(/^#\/?/, '');
  const [name = '', query = ''] = raw.split('?', 2);
  const view = VIEWS.some((v) => v.name === name) ? (name as ViewName) : fallback;
  return { view, params: Object.fromEntries(new URLSearchParams(query)) };
}

export function formatRoute(route: Route): string {
  const qs = new URLSearchParams(route.params).toString();
  return `#${route.view}${qs ? `?${qs}` : ''}`;
}

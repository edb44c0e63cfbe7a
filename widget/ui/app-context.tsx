import type { ReadonlySignal } from '@preact/signals';
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { ApiClient } from '../api/client.js';
import type { Drafts } from '../api/drafts.js';
import type { Outbox } from '../api/outbox.js';
import type { User } from '../api/types.js';
import type { HostApi } from '../host/host-context.js';
import type { ToastModel } from './toast-model.js';

/** The tab's views; `settings` only for admins, `approvals` for approvers and admins. */
export type ViewName = 'expenses' | 'receipts' | 'reports' | 'approvals' | 'analytics' | 'settings';

/** Where the tab is: a view plus its parameters (e.g. `{ report_id }`), kept in the URL hash. */
export interface Route {
  view: ViewName;
  params: Readonly<Record<string, string>>;
}

/** Everything a feature needs from its surroundings, given once per mount by the entry. */
export interface AppServices {
  api: ApiClient;
  /** The signed-in DealSpend user in the current organisation. */
  me: User;
  /** Zoho CRM (SDK) access; null outside CRM (e.g. a feature test). */
  host: HostApi | null;
  toasts: ToastModel;
  /**
   * Writes that must survive being offline (creating an expense, with its receipts):
   * `outbox.send({ method: 'POST', path: '/api/v1/expenses', body, receipts, receiptPath:
   * '/api/v1/expenses/{id}/receipt', idPath: ['expense', 'expense_id'], label })` sends now, or
   * queues it (with its Idempotency-Key) and replays it in order when the connection returns.
   */
  outbox: Outbox;
  /** Forms saved as the user types: `drafts.save(key, value)`, `drafts.load(key)`; save null to forget. */
  drafts: Drafts;
  /** True while what the views show came from the cache (the server could not be reached). */
  stale?: ReadonlySignal<boolean>;
  route: ReadonlySignal<Route>;
  navigate(view: ViewName, params?: Record<string, string>): void;
}

export const AppContext = createContext<AppServices | null>(null);

/** The services of the current mount. Features call this instead of importing singletons. */
export function useApp(): AppServices {
  const services = useContext(AppContext);
  if (!services) throw new Error('useApp needs an <AppContext.Provider>');
  return services;
}

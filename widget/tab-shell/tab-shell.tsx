import type { ComponentChildren } from 'preact';
import { SyncModulesGate } from '../features/sync-modules/sync-modules-gate.js';
import { useApp } from '../ui/app-context.js';
import { OutboxIndicator } from '../ui/outbox-indicator.js';
import { LazyView } from './lazy-view.js';
import { viewsFor } from './views.js';

export interface TabShellProps {
  /** Shown in the header beside the navigation (e.g. the outbox indicator). */
  status?: ComponentChildren;
}

/** The DealSpend web tab: navigation between the views the user may see, one view at a time. */
export function TabShell({ status }: TabShellProps) {
  const { api, me, route, navigate, outbox } = useApp();
  const views = viewsFor(me.user_role);
  const current = views.some((v) => v.name === route.value.view) ? route.value.view : 'expenses';
  return (
    <div class="ds-tab">
      <header class="ds-tab__header">
        <nav aria-label="DealSpend">
          <ul class="ds-tab__nav">
            {views.map((v) => (
              <li key={v.name}>
                <a
                  href={`#${v.name}`}
                  aria-current={v.name === current ? 'page' : undefined}
                  onClick={(e) => {
                    e.preventDefault();
                    navigate(v.name);
                  }}
                >
                  {v.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div class="ds-tab__status">
          <OutboxIndicator outbox={outbox} />
          {status}
        </div>
      </header>
      <main class="ds-tab__main">
        {views.find((v) => v.name === current)?.syncModule ? (
          <SyncModulesGate key={current} api={api}>
            <LazyView name={current} />
          </SyncModulesGate>
        ) : (
          <LazyView key={current} name={current} />
        )}
      </main>
    </div>
  );
}

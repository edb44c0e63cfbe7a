import { useModel } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { useApp } from '../../ui/app-context.js';
import { ErrorState } from '../../ui/error-state.js';
import { Spinner } from '../../ui/spinner.js';
import { CrmCard } from './crm-card.js';
import { SettingsModel } from './model.js';
import { PeopleCard } from './people-card.js';
import { ReferenceData } from './reference-data.js';
import type { AppNotification } from './types.js';

/** The newest in-app notifications, such as a deleted integration's conversion having completed. */
function Notifications({ items }: { items: readonly AppNotification[] }) {
  if (items.length === 0) return null;
  return (
    <section class="ds-card" aria-labelledby="ds-notifications-title">
      <h3 id="ds-notifications-title">Notifications</h3>
      <ul>
        {items.slice(0, 5).map((n) => (
          <li key={n.notification_id}>
            {n.message} <span class="ds-field__hint">{new Date(n.created_time).toLocaleString()}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** How often the cards are read again while a sync is queued or running. */
export const SYNC_POLL_MS = 2000;

/** Settings (admins): the Zoho CRM and Zoho People integrations; departments, categories and currencies. */
export default function SettingsView() {
  const { api } = useApp();
  const model = useModel(() => new SettingsModel(api));
  useEffect(() => {
    void model.load();
    // The OAuth callback page (in the pop-up) tells us the connection is done.
    const onMessage = (e: MessageEvent) => {
      if ((e.data as { type?: string } | null)?.type === 'dealspend-integration') void model.load();
    };
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  }, [model]);
  // While a module is queued or running, its status is read again until the run ends.
  const crm = model.crm.value;
  const people = model.people.value;
  const syncing = [crm, people].some((i) =>
    i?.modules.some((m) => m.state === 'queued' || m.state === 'running'),
  );
  useEffect(() => {
    if (!syncing) return;
    const timer = setTimeout(() => void model.load(), SYNC_POLL_MS);
    return () => clearTimeout(timer);
  }, [model, syncing, crm, people]);
  return (
    <>
      {model.loading.value ? (
        <Spinner label="Loading integrations" />
      ) : (
        <section class="ds-settings" aria-labelledby="ds-settings-title">
          <h2 id="ds-settings-title">Integrations</h2>
          {model.error.value ? (
            <p role="alert" class="ds-settings__error">
              {model.error.value}
            </p>
          ) : null}
          {model.notice.value ? (
            <p role="status" class="ds-settings__notice">
              {model.notice.value}
            </p>
          ) : null}
          <Notifications items={model.notifications.value} />
          {model.crm.value && model.people.value ? (
            <>
              <CrmCard model={model} integration={model.crm.value} />
              <PeopleCard model={model} integration={model.people.value} />
            </>
          ) : (
            <ErrorState
              message={model.error.value ?? 'The integrations could not be loaded.'}
              onRetry={() => void model.load()}
            />
          )}
        </section>
      )}
      <ReferenceData />
    </>
  );
}

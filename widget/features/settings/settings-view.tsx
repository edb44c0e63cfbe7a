import { useModel } from '@preact/signals';
import { useEffect, useRef, useState } from 'preact/hooks';
import { useApp } from '../../ui/app-context.js';
import { ErrorState } from '../../ui/error-state.js';
import { Spinner } from '../../ui/spinner.js';
import { ApprovalLevels } from './approval-levels.js';
import { CrmCard } from './crm-card.js';
import { SettingsModel } from './model.js';
import { PeopleCard } from './people-card.js';
import { PerDiemPolicies } from './per-diem-policies.js';
import { ReferenceData } from './reference-data.js';
import { SeatsDialog } from './seats-dialog.js';
import { SettingsIndex } from './settings-index.js';
import type { AppNotification } from './types.js';
import { UsersSection } from './users-section.js';

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

/** What the OAuth callback page posts to the window that opened its pop-up. */
interface ConnectionNote {
  type?: string;
  ok?: boolean;
  message?: string;
}

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/** How often the cards are read again while a sync is queued or running. */
export const SYNC_POLL_MS = 2000;

/**
 * Settings (admins): the Zoho CRM and Zoho People integrations; users and the plan's seats; approval
 * levels; per diem policies; departments, categories and currencies.
 */
export default function SettingsView() {
  const { api, me } = useApp();
  const model = useModel(() => new SettingsModel(api));
  const [seatsOpen, setSeatsOpen] = useState(false);
  useEffect(() => {
    void model.load();
    // The OAuth callback page (in the pop-up, served by our server) tells how connecting went.
    const server = originOf(api.baseUrl);
    const onMessage = (e: MessageEvent) => {
      const note = e.data as ConnectionNote | null;
      if (note?.type !== 'dealspend-integration' || (server !== null && e.origin !== server)) return;
      void model.connected(note.ok !== false, note.message);
    };
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  }, [model, api]);
  // While a module is queued or running, its status is read again until the run ends.
  const crm = model.crm.value;
  const people = model.people.value;
  // The plan's seats are an organisation setting, answered with the Zoho CRM card's state.
  const seats = crm?.seat_count;
  const syncing = [crm, people].some((i) =>
    i?.modules.some((m) => m.state === 'queued' || m.state === 'running'),
  );
  useEffect(() => {
    if (!syncing) return;
    const timer = setTimeout(() => void model.load(), SYNC_POLL_MS);
    return () => clearTimeout(timer);
  }, [model, syncing, crm, people]);
  // Each time a run ends (a module's last sync time moves), a users sync may have added or changed
  // users: the Users list is read again. A run that ended before any read saw it running counts too.
  const runsEnded = [crm, people]
    .flatMap((i) => i?.modules.map((m) => `${m.module}:${m.last_sync_time ?? ''}`) ?? [])
    .join('|');
  const [syncsEnded, setSyncsEnded] = useState(0);
  const seenRuns = useRef<string | null>(null);
  useEffect(() => {
    if (crm === null || people === null) return;
    if (seenRuns.current !== null && seenRuns.current !== runsEnded) setSyncsEnded((n) => n + 1);
    seenRuns.current = runsEnded;
  }, [runsEnded, crm, people]);
  return (
    <>
      <SettingsIndex />
      {model.loading.value ? (
        <Spinner label="Loading integrations" />
      ) : (
        <section class="ds-settings" aria-labelledby="ds-settings-title">
          <h2 id="ds-settings-title" tabIndex={-1}>
            Integrations
          </h2>
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
      <UsersSection
        refreshes={syncsEnded}
        seats={seats === undefined ? undefined : { count: seats, onChange: () => setSeatsOpen(true) }}
      />
      {seatsOpen && seats !== undefined ? (
        <SeatsDialog
          model={model}
          orgId={me.organization_id}
          current={seats}
          onClose={() => setSeatsOpen(false)}
        />
      ) : null}
      <ApprovalLevels />
      <PerDiemPolicies />
      <ReferenceData />
    </>
  );
}

import { useState } from 'preact/hooks';
import { Button } from '../../ui/button.js';
import { IntegrationActions } from './integration-actions.js';
import type { SettingsModelType } from './model.js';
import { PeopleUsersDialog } from './people-users-dialog.js';
import type { Integration } from './types.js';

/** The Zoho People card: Try Now, departments first, users (Configure Now), clients, projects. */
export function PeopleCard({ model, integration }: { model: SettingsModelType; integration: Integration }) {
  const [mapping, setMapping] = useState(false);
  const s = integration.settings;
  const toggle = (key: 'departments' | 'clients' | 'projects', label: string, on: string) =>
    s[key]?.enabled ? (
      <Button
        onClick={() => void model.savePeople({ [key]: { enabled: false } }, `${label} sync is disabled.`)}
      >
        Disable Sync
      </Button>
    ) : (
      <Button
        onClick={() => void model.savePeople({ [key]: { enabled: true } }, `${label} are being imported.`)}
      >
        {on}
      </Button>
    );
  return (
    <article class="ds-card" aria-labelledby="ds-people-title">
      <h3 id="ds-people-title">Zoho People</h3>
      {integration.status === 'not_connected' ? (
        <>
          <p>
            Keep employees, departments, clients and projects in step with Zoho People. You must be an admin
            in Zoho People.
          </p>
          <Button
            variant="primary"
            onClick={() =>
              void model.connect('people', (url) => window.open(url, 'zoho-connect', 'width=600,height=700'))
            }
          >
            Try Now
          </Button>
        </>
      ) : (
        <>
          <p>
            Connected as {integration.connected_email ?? 'a Zoho user'}
            {integration.status === 'disabled' ? ' (disabled)' : ''}.
          </p>
          <h4>Module sync</h4>
          <p>Departments: {toggle('departments', 'Departments', 'Sync People Departments')}</p>
          <p class="ds-field__hint">
            Import departments before users, so imported users get their department.
          </p>
          <p>
            Users:{' '}
            <Button onClick={() => setMapping(true)}>{s.users?.configured ? 'Edit' : 'Configure Now'}</Button>
            {s.users?.enabled ? (
              <Button
                onClick={() =>
                  void model.savePeople({ users: { enabled: false } }, 'Users sync is disabled.')
                }
              >
                Disable Sync
              </Button>
            ) : null}
          </p>
          <p>Clients: {toggle('clients', 'Clients', 'Sync People Clients')}</p>
          <p>Projects: {toggle('projects', 'Projects', 'Sync People Projects')}</p>
          <IntegrationActions model={model} integration={integration} />
        </>
      )}
      {mapping ? (
        <PeopleUsersDialog
          model={model}
          current={s.users?.field_map ?? {}}
          onClose={() => setMapping(false)}
        />
      ) : null}
    </article>
  );
}

import { useState } from 'preact/hooks';
import { Button } from '../../ui/button.js';
import { ConfirmDialog } from '../expenses/confirm-dialog.js';
import { ConflictsDialog } from './conflicts-dialog.js';
import { CustomersWizard } from './customers-wizard.js';
import { ImportUsersDialog } from './import-users-dialog.js';
import { IntegrationActions } from './integration-actions.js';
import type { SettingsModelType } from './model.js';
import { OrgDialog } from './org-dialog.js';
import type { Integration } from './types.js';

type Open = null | 'org' | 'users' | 'import' | 'customers' | 'conflicts' | 'potentials';

/** The Zoho CRM card: Connect Now, Select Organisation, modules to sync, Potentials, Sync Modules. */
export function CrmCard({ model, integration }: { model: SettingsModelType; integration: Integration }) {
  const [open, setOpen] = useState<Open>(null);
  const seats = integration.seat_count;
  const [potentials, setPotentials] = useState(integration.potentials_mode ?? 'all');
  const users = integration.settings.users;
  const customers = integration.settings.customers;
  const close = () => setOpen(null);
  return (
    <article class="ds-card" aria-labelledby="ds-crm-title">
      <h3 id="ds-crm-title">Zoho CRM</h3>
      {integration.status === 'not_connected' ? (
        <>
          <p>Sync users, accounts, contacts and deals from Zoho CRM.</p>
          <Button
            variant="primary"
            onClick={() =>
              void model.connect('crm', (url) => window.open(url, 'zoho-connect', 'width=600,height=700'))
            }
          >
            Connect Now
          </Button>
        </>
      ) : (
        <>
          <p>
            Connected as {integration.connected_email ?? 'a Zoho user'}
            {integration.status === 'disabled' ? ' (disabled)' : ''}. Organisation:{' '}
            {integration.crm_org_name ?? 'not selected'}{' '}
            <Button variant="link" onClick={() => setOpen('org')}>
              Select Organisation
            </Button>
          </p>
          <h4>Enable module to be synced</h4>
          <p>
            Users:{' '}
            {users?.enabled ? (
              <Button
                onClick={() =>
                  void model.saveCrm(
                    { users: { enabled: false } },
                    'Users will no longer be fetched from Zoho CRM.',
                  )
                }
              >
                Disable sync
              </Button>
            ) : (
              <Button disabled={!integration.crm_org_id} onClick={() => setOpen('users')}>
                Sync CRM Users
              </Button>
            )}{' '}
            {integration.crm_org_id ? (
              <Button variant="link" onClick={() => setOpen('import')}>
                Import users manually
              </Button>
            ) : null}
          </p>
          <p>
            Customers:{' '}
            <Button disabled={!integration.crm_org_id} onClick={() => setOpen('customers')}>
              {customers?.configured ? 'Edit' : 'Configure Now'}
            </Button>
            {integration.open_conflicts ? (
              <Button variant="link" onClick={() => setOpen('conflicts')}>
                {integration.open_conflicts === 1
                  ? '1 conflict to resolve'
                  : `${integration.open_conflicts} conflicts to resolve`}
              </Button>
            ) : null}
          </p>
          <h4>Potentials</h4>
          <p>
            {integration.potentials_mode === 'user'
              ? 'Only potentials associated with users'
              : 'All potentials'}{' '}
            <Button
              variant="link"
              aria-label="Change the potentials setting"
              onClick={() => setOpen('potentials')}
            >
              Change
            </Button>
          </p>
          <h4>Sync Modules</h4>
          {integration.modules_enabled ? (
            <p>The Expenses and Expense Reports modules are available in Zoho CRM.</p>
          ) : (
            <p>
              The Expenses and Expense Reports modules are not available in Zoho CRM yet.{' '}
              <Button
                onClick={() =>
                  void model.saveCrm(
                    { modules_enabled: true },
                    'The Expenses and Expense Reports modules are enabled.',
                  )
                }
              >
                Enable
              </Button>
            </p>
          )}
          <IntegrationActions model={model} integration={integration} />
        </>
      )}
      {open === 'org' ? <OrgDialog model={model} onClose={close} /> : null}
      {open === 'users' ? (
        <ConfirmDialog
          title="Sync CRM Users"
          tone="primary"
          confirmLabel="Confirm"
          onConfirm={() => model.saveCrm({ users: { enabled: true } }, 'CRM users are being imported.')}
          onClose={close}
        >
          <p>
            All users in Zoho CRM will be imported.{' '}
            {seats !== undefined
              ? `Active users beyond your plan's ${seats} seats are imported as inactive.`
              : "Active users beyond your plan's seats are imported as inactive."}{' '}
            They are updated every 24 hours.
          </p>
        </ConfirmDialog>
      ) : null}
      {open === 'import' ? <ImportUsersDialog model={model} onClose={close} /> : null}
      {open === 'customers' && customers ? (
        <CustomersWizard model={model} current={customers} onClose={close} />
      ) : null}
      {open === 'conflicts' ? <ConflictsDialog model={model} onClose={close} /> : null}
      {open === 'potentials' ? (
        <ConfirmDialog
          title="Potentials"
          tone="primary"
          confirmLabel="Save"
          onConfirm={() => model.saveCrm({ potentials_mode: potentials }, 'The potentials setting is saved.')}
          onClose={close}
        >
          <fieldset>
            <legend>Potentials to show</legend>
            <label class="ds-radio">
              <input
                type="radio"
                name="potentials"
                checked={potentials === 'user'}
                onChange={() => setPotentials('user')}
              />
              Only potentials associated with users
            </label>
            <label class="ds-radio">
              <input
                type="radio"
                name="potentials"
                checked={potentials === 'all'}
                onChange={() => setPotentials('all')}
              />
              All potentials
            </label>
          </fieldset>
        </ConfirmDialog>
      ) : null}
    </article>
  );
}

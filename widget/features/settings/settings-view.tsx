import { useModel } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { useApp } from '../../ui/app-context.js';
import { ErrorState } from '../../ui/error-state.js';
import { Spinner } from '../../ui/spinner.js';
import { CrmCard } from './crm-card.js';
import { SettingsModel } from './model.js';
import { PeopleCard } from './people-card.js';
import { ReferenceData } from './reference-data.js';

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

import { useModel } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { useApp } from '../../ui/app-context.js';
import { Spinner } from '../../ui/spinner.js';
import { ReferenceDataModel } from './reference-data-model.js';
import { ReferenceList } from './reference-list.js';

/** Settings › Departments, categories and currencies, each with Add and Delete; categories Disable and Enable. */
export function ReferenceData() {
  const { api } = useApp();
  const model = useModel(() => new ReferenceDataModel(api));
  useEffect(() => {
    void model.load();
  }, [model]);
  return (
    <section class="ds-settings" aria-labelledby="ds-reference-title">
      <h2 id="ds-reference-title" tabIndex={-1}>
        Departments, categories and currencies
      </h2>
      {model.notice.value ? (
        <p role="status" class="ds-settings__notice">
          {model.notice.value}
        </p>
      ) : null}
      {model.loading.value ? (
        <Spinner label="Loading departments, categories and currencies" />
      ) : (
        <>
          <ReferenceList model={model} kind="department" title="Departments" />
          <ReferenceList model={model} kind="category" title="Expense categories" />
          <ReferenceList model={model} kind="currency" title="Currencies" />
        </>
      )}
    </section>
  );
}

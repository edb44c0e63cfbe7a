import { useEffect, useRef, useState } from 'preact/hooks';
import { Button } from '../../ui/button.js';
import { Dialog } from '../../ui/dialog.js';
import { Field } from '../../ui/field.js';
import { DialogError, useDialogSave } from './dialog-save.js';
import { FieldMapping } from './field-mapping.js';
import type { SettingsModelType } from './model.js';
import type { CustomersSettings } from './types.js';

type Draft = Omit<CustomersSettings, 'configured' | 'custom_fields' | 'enabled'>;

/** The settings the wizard edits, and only those: the server refuses fields it does not take. */
function draftOf(s: CustomersSettings): Draft {
  return {
    module: s.module,
    include_unassociated_contacts: s.include_unassociated_contacts,
    extent: s.extent,
    duplicates: s.duplicates,
    account_view_id: s.account_view_id,
    contact_view_id: s.contact_view_id,
    field_map: { Accounts: { ...s.field_map.Accounts }, Contacts: { ...s.field_map.Contacts } },
  };
}

/** Customers › Configure Now: module, extent, duplicates, view, field mapping; Save and Sync (Later). */
export function CustomersWizard({
  model,
  current,
  onClose,
}: {
  model: SettingsModelType;
  current: CustomersSettings;
  onClose: () => void;
}) {
  const [d, setD] = useState<Draft>(() => draftOf(current));
  const [views, setViews] = useState<{
    Accounts: Array<{ view_id: string; name: string }>;
    Contacts: Array<{ view_id: string; name: string }>;
  }>({
    Accounts: [],
    Contacts: [],
  });
  const [confirming, setConfirming] = useState<null | boolean>(null);
  const { busy, error, save: saveThenClose } = useDialogSave(model, onClose);
  const confirmRef = useRef<HTMLDivElement>(null);
  // The button pressed gives way to the question: its Confirm takes the focus, for the keyboard.
  useEffect(() => {
    if (confirming !== null)
      confirmRef.current?.querySelector<HTMLButtonElement>('.ds-btn--primary')?.focus();
  }, [confirming]);
  useEffect(() => {
    void model.views('Accounts').then(
      (v) => setViews((x) => ({ ...x, Accounts: v })),
      () => undefined,
    );
    void model.views('Contacts').then(
      (v) => setViews((x) => ({ ...x, Contacts: v })),
      () => undefined,
    );
  }, [model]);
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setD((x) => ({ ...x, [k]: v }));
  const usesAccounts = d.module !== 'contacts';
  const usesContacts = d.module !== 'accounts';
  async function save(syncNow: boolean) {
    const ok = await saveThenClose(() =>
      model.saveCrm(
        { customers: { ...d, enabled: true }, sync_now: syncNow },
        syncNow ? 'The customers will be synced in a while.' : 'The preferences are saved.',
      ),
    );
    if (!ok) setConfirming(null);
  }
  const viewSelect = (module: 'Accounts' | 'Contacts', key: 'account_view_id' | 'contact_view_id') => (
    <Field label={`${module} view to sync`}>
      {(p) => (
        <select
          {...p}
          value={d[key] ?? ''}
          onChange={(e) => set(key, (e.target as HTMLSelectElement).value || null)}
        >
          <option value="">All {module}</option>
          {views[module].map((v) => (
            <option key={v.view_id} value={v.view_id}>
              {v.name}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
  const radios = <K extends 'module' | 'extent' | 'duplicates'>(
    key: K,
    legend: string,
    options: Array<[Draft[K], string]>,
  ) => (
    <fieldset>
      <legend>{legend}</legend>
      {options.map(([v, label]) => (
        <label key={String(v)} class="ds-radio">
          <input type="radio" name={key} checked={d[key] === v} onChange={() => set(key, v)} />
          {label}
        </label>
      ))}
    </fieldset>
  );
  return (
    <Dialog
      title="Configure customers sync"
      onClose={onClose}
      wide
      footer={
        confirming === null ? (
          <>
            <Button onClick={onClose}>Cancel</Button>
            <Button onClick={() => setConfirming(false)}>Save and Sync Later</Button>
            <Button variant="primary" onClick={() => setConfirming(true)}>
              Save and Sync
            </Button>
          </>
        ) : (
          // Asked where the button was pressed, so the question is never scrolled out of sight.
          <div ref={confirmRef} role="alertdialog" aria-label="Confirm" class="ds-confirm">
            <p>
              {confirming
                ? 'Save these preferences and sync the customers now?'
                : 'Save these preferences and sync later?'}
            </p>
            <Button onClick={() => setConfirming(null)}>Back</Button>
            <Button variant="primary" busy={busy} onClick={() => void save(confirming)}>
              Confirm
            </Button>
          </div>
        )
      }
    >
      <DialogError message={error} />
      {radios('module', 'Select module in Zoho CRM', [
        ['accounts', 'Accounts (customers of type Business)'],
        ['contacts', 'Contacts (customers of type Individual)'],
        ['accounts_and_contacts', 'Accounts & their Contacts'],
      ])}
      {d.module === 'accounts_and_contacts' ? (
        <label class="ds-checkbox">
          <input
            type="checkbox"
            checked={d.include_unassociated_contacts}
            onChange={(e) => set('include_unassociated_contacts', (e.target as HTMLInputElement).checked)}
          />
          Include contacts that are not associated to any accounts
        </label>
      ) : null}
      {radios('extent', 'Extent of the sync', [
        ['fetch', 'Fetch from CRM'],
        ['two_way', 'Sync both ways'],
      ])}
      {radios('duplicates', 'Handle duplicate records', [
        ['clone', 'Clone'],
        ['overwrite', 'Overwrite'],
        ['skip', 'Skip'],
      ])}
      {usesAccounts ? viewSelect('Accounts', 'account_view_id') : null}
      {usesContacts ? viewSelect('Contacts', 'contact_view_id') : null}
      {usesAccounts ? (
        <FieldMapping
          model={model}
          module="Accounts"
          value={d.field_map.Accounts}
          onChange={(m) => set('field_map', { ...d.field_map, Accounts: m })}
        />
      ) : null}
      {usesContacts ? (
        <FieldMapping
          model={model}
          module="Contacts"
          value={d.field_map.Contacts}
          onChange={(m) => set('field_map', { ...d.field_map, Contacts: m })}
        />
      ) : null}
    </Dialog>
  );
}

import type { Model } from '@preact/signals';
import { useState } from 'preact/hooks';
import type { Customer } from '../../api/types.js';
import { Button } from '../../ui/button.js';
import { Field } from '../../ui/field.js';
import type { CrmSearchType } from './crm-customer-search.js';
import type { CustomerSearchModel } from './customer-search-model.js';

export interface CrmSearchPanelProps {
  model: Model<InstanceType<typeof CustomerSearchModel>> | InstanceType<typeof CustomerSearchModel>;
  onPicked: (customer: Customer) => void;
  onClose: () => void;
}

/** "Search in Zoho CRM": contacts by first or last name, or accounts by name with their contacts. */
export function CrmSearchPanel({ model, onPicked, onClose }: CrmSearchPanelProps) {
  const [type, setType] = useState<CrmSearchType>('contacts');
  const [query, setQuery] = useState('');
  // The words last searched for, to say when Zoho CRM has nothing that matches them.
  const [searched, setSearched] = useState<string | null>(null);
  const found = model.crmResults.value;
  const nothing = searched !== null && !model.searching.value && !model.error.value && found.length === 0;
  return (
    <section class="ds-crm-search" aria-label="Search in Zoho CRM">
      <form
        class="ds-toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          if (!query.trim()) return;
          setSearched(query.trim());
          void model.searchCrm(type, query);
        }}
      >
        <Field label="Search">
          {(p) => (
            <select {...p} value={type} onChange={(e) => setType(e.currentTarget.value as CrmSearchType)}>
              <option value="contacts">Contacts (first or last name)</option>
              <option value="accounts">Accounts (account name)</option>
            </select>
          )}
        </Field>
        <Field label="Name">
          {(p) => (
            <input {...p} type="search" value={query} onInput={(e) => setQuery(e.currentTarget.value)} />
          )}
        </Field>
        <Button type="submit" variant="primary" busy={model.searching.value}>
          Search
        </Button>
        <Button onClick={onClose}>Cancel</Button>
      </form>
      {nothing ? <p role="status">Nothing in Zoho CRM matches “{searched}”.</p> : null}
      {found.length > 0 ? (
        <ul class="ds-suggestions" aria-label="Zoho CRM results">
          {found.map((c) => (
            <li key={`${c.module}-${c.crm_id}`}>
              <button
                type="button"
                onClick={async () => {
                  const customer = await model.pickCrm(c);
                  if (customer) onPicked(customer);
                }}
              >
                {c.name}
                {c.module === 'Accounts' ? ' (account)' : c.account_name ? ` — ${c.account_name}` : ''}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

import { useModel } from '@preact/signals';
import { useId, useState } from 'preact/hooks';
import type { Customer } from '../../api/types.js';
import { useApp } from '../../ui/app-context.js';
import { Button } from '../../ui/button.js';
import { CrmSearchPanel } from './crm-search-panel.js';
import { CustomerSearchModel } from './customer-search-model.js';

export interface CustomerPickerProps {
  label: string;
  customerId: string;
  customerName?: string;
  onPick: (customer: Customer | null) => void;
  /** Offers "Search in Zoho CRM" under the field. */
  allowCrmSearch?: boolean;
  error?: string | undefined;
}

/** The server names the kind `customer_sub_type`; older shapes call it `customer_type`. */
function isAccount(c: Customer): boolean {
  return (
    c.customer_type === 'business' || (c as { customer_sub_type?: string }).customer_sub_type === 'business'
  );
}

/** Customer field: type to search DealSpend's customers, or "Search in Zoho CRM". */
export function CustomerPicker({
  label,
  customerId,
  customerName,
  onPick,
  allowCrmSearch = true,
  error,
}: CustomerPickerProps) {
  const { api, host } = useApp();
  const model = useModel(() => new CustomerSearchModel(api, host));
  const id = useId();
  const [text, setText] = useState('');
  const [crmOpen, setCrmOpen] = useState(false);
  const listId = `${id}-list`;
  const results = model.results.value;

  function pick(c: Customer | null) {
    onPick(c);
    setText('');
    setCrmOpen(false);
    model.clear();
  }

  return (
    <div class={`ds-field${error ? ' ds-field--error' : ''}`}>
      <label for={id} class="ds-field__label">
        {label}
      </label>
      {customerId ? (
        <p class="ds-check">
          <span>{customerName || 'Selected customer'}</span>
          <Button
            variant="link"
            onClick={() => pick(null)}
            aria-label={`Remove customer ${customerName ?? ''}`}
          >
            Remove
          </Button>
        </p>
      ) : (
        <input
          id={id}
          type="search"
          role="combobox"
          aria-expanded={results.length > 0}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          placeholder="Search customers"
          value={text}
          onInput={(e) => {
            setText(e.currentTarget.value);
            void model.search(e.currentTarget.value);
          }}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') {
              e.preventDefault();
              document.getElementById(listId)?.querySelector('button')?.focus();
            }
          }}
        />
      )}
      {results.length > 0 && !customerId ? (
        <ul id={listId} class="ds-suggestions" aria-label={`${label} suggestions`}>
          {results.map((c) => (
            <li key={c.contact_id}>
              <button type="button" onClick={() => pick(c)}>
                {c.contact_name}
                {isAccount(c) ? ' (account)' : ''}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {model.searching.value ? <p class="ds-field__hint">Searching…</p> : null}
      {model.error.value ? (
        <p class="ds-field__error" role="alert">
          {model.error.value}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} class="ds-field__error" role="alert">
          {error}
        </p>
      ) : null}
      {allowCrmSearch && !customerId ? (
        crmOpen ? (
          <CrmSearchPanel model={model} onPicked={pick} onClose={() => setCrmOpen(false)} />
        ) : (
          <Button variant="link" onClick={() => setCrmOpen(true)}>
            Search in Zoho CRM
          </Button>
        )
      ) : null}
    </div>
  );
}

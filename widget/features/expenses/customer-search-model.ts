/**
 * The Customer picker's search: DealSpend's customers as the user types, and "Search in Zoho CRM"
 * for the ones not imported yet. The newest query wins; older answers are dropped.
 */
import { action, createModel, signal } from '@preact/signals';
import type { ApiClient } from '../../api/client.js';
import type { Customer, CustomerList } from '../../api/types.js';
import type { HostApi } from '../../host/host-context.js';
import { type CrmCandidate, type CrmSearchType, importFromCrm, searchInCrm } from './crm-customer-search.js';
import { describeError } from './describe-error.js';

export const CustomerSearchModel = createModel((api: ApiClient, host: HostApi | null) => {
  const results = signal<Customer[]>([], { name: 'customerSearch.results' });
  const crmResults = signal<CrmCandidate[]>([], { name: 'customerSearch.crmResults' });
  const searching = signal(false, { name: 'customerSearch.searching' });
  const error = signal<string | null>(null, { name: 'customerSearch.error' });
  let generation = 0;

  return {
    results,
    crmResults,
    searching,
    error,
    search: action(async (query: string) => {
      const mine = ++generation;
      error.value = null;
      if (!query.trim()) {
        results.value = [];
        return;
      }
      searching.value = true;
      try {
        const res = await api.get<CustomerList>('/api/v1/contacts', {
          search_text: query.trim(),
          per_page: 20,
        });
        if (mine === generation) results.value = res.contacts;
      } catch (e) {
        if (mine === generation) error.value = describeError(e);
      } finally {
        if (mine === generation) searching.value = false;
      }
    }),
    searchCrm: action(async (type: CrmSearchType, query: string) => {
      const mine = ++generation;
      error.value = null;
      searching.value = true;
      try {
        const found = await searchInCrm(api, host, type, query.trim());
        if (mine === generation) crmResults.value = found;
      } catch (e) {
        if (mine === generation) error.value = describeError(e);
      } finally {
        if (mine === generation) searching.value = false;
      }
    }),
    /** Imports the CRM record; answers the DealSpend customer, or null (with `error` set). */
    pickCrm: action(async (candidate: CrmCandidate): Promise<Customer | null> => {
      try {
        const customer = await importFromCrm(api, candidate);
        crmResults.value = [];
        return customer;
      } catch (e) {
        error.value = describeError(e);
        return null;
      }
    }),
    clear: action(() => {
      generation++;
      results.value = [];
      crmResults.value = [];
    }),
  };
});

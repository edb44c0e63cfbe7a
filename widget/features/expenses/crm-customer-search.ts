/**
 * "Search in Zoho CRM" for the Customer field: contacts by first or last name, accounts by name
 * (listing their contacts). Picking one brings it into DealSpend as a customer. The server's CRM
 * integration answers when it can; otherwise the CRM page itself is searched through the host.
 */
import { isApiError } from '../../api/api-error.js';
import type { ApiClient } from '../../api/client.js';
import type { Customer } from '../../api/types.js';
import type { CrmRecord, HostApi } from '../../host/host-context.js';

export type CrmSearchType = 'contacts' | 'accounts';

export interface CrmCandidate {
  module: 'Contacts' | 'Accounts';
  crm_id: string;
  name: string;
  /** For a contact listed under an account: that account's name. */
  account_name?: string | null;
  /** Set when the record is already in DealSpend. */
  customer_id?: string | null;
}

/** A hit as the server answers it: an account carries its contacts. */
interface SearchHit extends CrmCandidate {
  contacts?: CrmCandidate[];
}

function nameOf(r: CrmRecord): string {
  const full = [r.First_Name, r.Last_Name].filter((x) => typeof x === 'string' && x).join(' ');
  return (
    full ||
    (typeof r.Account_Name === 'string' ? r.Account_Name : '') ||
    (typeof r.Full_Name === 'string' ? r.Full_Name : r.id)
  );
}

/** Searches Zoho CRM; answers the contacts found (for an account, its contacts) and the account itself. */
export async function searchInCrm(
  api: ApiClient,
  host: HostApi | null,
  type: CrmSearchType,
  query: string,
): Promise<CrmCandidate[]> {
  try {
    const res = await api.get<{ results: SearchHit[] }>('/api/v1/integrations/crm/search', {
      type,
      q: query,
    });
    return res.results.flatMap(({ contacts, ...hit }) => [
      hit,
      ...(contacts ?? []).map((c) => ({ ...c, account_name: c.account_name ?? hit.name })),
    ]);
  } catch (e) {
    // Without the server's search (not allowed for this user, or not there), search the CRM page itself.
    if (!(isApiError(e) && (e.status === 403 || e.status === 404)) || !host) throw e;
  }
  if (type === 'contacts') {
    const found = await host.searchRecord('Contacts', 'word', query);
    return found.map((r) => ({ module: 'Contacts', crm_id: r.id, name: nameOf(r) }));
  }
  const accounts = await host.searchRecord('Accounts', 'word', query);
  const out: CrmCandidate[] = [];
  for (const a of accounts) {
    const accountName = nameOf(a);
    out.push({ module: 'Accounts', crm_id: a.id, name: accountName });
    const contacts = await host.getRelatedRecords('Accounts', a.id, 'Contacts');
    for (const c of contacts)
      out.push({ module: 'Contacts', crm_id: c.id, name: nameOf(c), account_name: accountName });
  }
  return out;
}

/** Brings a CRM account or contact into DealSpend and answers it as a customer. */
export async function importFromCrm(api: ApiClient, candidate: CrmCandidate): Promise<Customer> {
  const customerType = candidate.module === 'Accounts' ? 'business' : 'individual';
  if (candidate.customer_id) {
    return { contact_id: candidate.customer_id, contact_name: candidate.name, customer_type: customerType };
  }
  const res = await api.post<{ customer_id: string }>('/api/v1/integrations/crm/import', {
    module: candidate.module,
    id: candidate.crm_id,
  });
  return { contact_id: res.customer_id, contact_name: candidate.name, customer_type: customerType };
}

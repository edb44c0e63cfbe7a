/**
 * Which DealSpend records belong to the CRM record the panel sits on:
 * - account → its customer (business); lists include its contacts' and deals' (include_related);
 * - contact → its customer (individual); its own lists;
 * - deal → the deal, with its account as the customer; lists by deal_id.
 * The CRM record is found in DealSpend by the CRM sync's link to it first (`crm_id`: exact, even
 * when two records share a name), then by its id (records DealSpend keeps under their CRM ids),
 * then by what CRM says the record is: the account's name, the contact's email or name, the deal's
 * name (for a record no sync has linked yet).
 */
import { isApiError } from '../../api/api-error.js';
import type { ApiClient, Query } from '../../api/client.js';
import type { Contact, Deal } from '../../api/types.js';
import type { CrmModule, CrmRecord, HostApi } from '../../host/host-context.js';

export interface RecordScope {
  module: CrmModule;
  /** The customer new expenses and reports are prefilled with. */
  customer: { id: string; name: string } | null;
  /** Deal pages only. */
  deal: { id: string; name: string } | null;
  /** Filter for GET /expenses and GET /expensereports. */
  query: Query;
}

async function byId<T>(api: ApiClient, path: string): Promise<T | null> {
  try {
    return await api.get<T>(path);
  } catch (e) {
    if (isApiError(e) && (e.status === 404 || e.status === 400)) return null;
    throw e;
  }
}

/** The record the CRM sync linked to this CRM id, or null (none, or an older server). */
async function linked<T>(api: ApiClient, path: string, key: string, crmId: string): Promise<T | null> {
  // CRM ids are digits; anything else was never linked (and the server would refuse it).
  if (!/^[0-9]{1,30}$/.test(crmId)) return null;
  try {
    const res = await api.get<Record<string, T[]>>(path, { crm_id: crmId, per_page: 1 });
    return res[key]?.[0] ?? null;
  } catch (e) {
    if (isApiError(e) && (e.status === 404 || e.status === 400)) return null;
    throw e;
  }
}

const same = (a: string | null | undefined, b: unknown) =>
  typeof b === 'string' && !!a && a.trim().toLowerCase() === b.trim().toLowerCase();

async function findCustomer(api: ApiClient, module: CrmModule, record: CrmRecord): Promise<Contact | null> {
  const isAccount = module === 'Accounts';
  const name = isAccount
    ? record.Account_Name
    : (record.Full_Name ?? `${record.First_Name ?? ''} ${record.Last_Name ?? ''}`);
  const email = isAccount ? undefined : record.Email;
  const search = typeof email === 'string' && email ? email : typeof name === 'string' ? name.trim() : '';
  if (!search) return null;
  const { contacts } = await api.get<{ contacts: Contact[] }>('/api/v1/contacts', {
    search_text: search.slice(0, 100),
    customer_sub_type: isAccount ? 'business' : 'individual',
    per_page: 50,
  });
  return (
    contacts.find((c) => (email ? same(c.email, email) : false)) ??
    contacts.find((c) => same(c.contact_name, name)) ??
    null
  );
}

async function findDeal(api: ApiClient, record: CrmRecord): Promise<Deal | null> {
  const name = typeof record.Deal_Name === 'string' ? record.Deal_Name.trim() : '';
  if (!name) return null;
  const { deals } = await api.get<{ deals: Deal[] }>('/api/v1/deals', {
    search_text: name.slice(0, 100),
    per_page: 50,
  });
  return deals.find((d) => same(d.deal_name, name)) ?? null;
}

function scopeOfDeal(deal: Deal): RecordScope {
  return {
    module: 'Deals',
    customer: deal.account_id ? { id: deal.account_id, name: deal.account_name ?? '' } : null,
    deal: { id: deal.deal_id, name: deal.deal_name },
    query: { deal_id: deal.deal_id },
  };
}

function scopeOfCustomer(module: CrmModule, contact: Contact): RecordScope {
  return {
    module,
    customer: { id: contact.contact_id, name: contact.contact_name },
    deal: null,
    query:
      module === 'Accounts'
        ? { customer_id: contact.contact_id, include_related: true }
        : { customer_id: contact.contact_id },
  };
}

/** null when the record is not in DealSpend (not synced yet). */
export async function resolveRecordScope(
  api: ApiClient,
  host: HostApi | null,
  module: CrmModule,
  crmId: string,
): Promise<RecordScope | null> {
  const id = encodeURIComponent(crmId);
  if (module === 'Deals') {
    const link = await linked<Deal>(api, '/api/v1/deals', 'deals', crmId);
    if (link) return scopeOfDeal(link);
    const direct = await byId<{ deal: Deal }>(api, `/api/v1/deals/${id}`);
    if (direct) return scopeOfDeal(direct.deal);
    const record = await host?.getRecord(module, crmId);
    const found = record ? await findDeal(api, record) : null;
    return found ? scopeOfDeal(found) : null;
  }
  const link = await linked<Contact>(api, '/api/v1/contacts', 'contacts', crmId);
  if (link) return scopeOfCustomer(module, link);
  const direct = await byId<{ contact: Contact }>(api, `/api/v1/contacts/${id}`);
  if (direct) return scopeOfCustomer(module, direct.contact);
  const record = await host?.getRecord(module, crmId);
  const found = record ? await findCustomer(api, module, record) : null;
  return found ? scopeOfCustomer(module, found) : null;
}

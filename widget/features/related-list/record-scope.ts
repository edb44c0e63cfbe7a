/**
 * Which DealSpend records belong to the CRM record the panel sits on. CRM ids are DealSpend's ids
 * for synced customers and deals (the sync keeps them), so the record resolves with one GET:
 * - account → customer (business); lists include its contacts' and deals' (include_related);
 * - contact → customer (individual); its own lists;
 * - deal → the deal and its account as customer; lists by deal_id.
 */
import { isApiError } from '../../api/api-error.js';
import type { ApiClient, Query } from '../../api/client.js';
import type { Contact, Deal } from '../../api/types.js';
import type { CrmModule } from '../../host/host-context.js';

export interface RecordScope {
  module: CrmModule;
  /** The customer new expenses and reports are prefilled with. */
  customer: { id: string; name: string } | null;
  /** Deal pages only. */
  deal: { id: string; name: string } | null;
  /** Filter for GET /expenses and GET /expensereports. */
  query: Query;
}

/** null when the record is not in DealSpend (not synced yet). */
export async function resolveRecordScope(
  api: ApiClient,
  module: CrmModule,
  crmId: string,
): Promise<RecordScope | null> {
  try {
    if (module === 'Deals') {
      const { deal } = await api.get<{ deal: Deal }>(`/api/v1/deals/${encodeURIComponent(crmId)}`);
      return {
        module,
        customer: deal.account_id ? { id: deal.account_id, name: deal.account_name ?? '' } : null,
        deal: { id: deal.deal_id, name: deal.deal_name },
        query: { deal_id: deal.deal_id },
      };
    }
    const { contact } = await api.get<{ contact: Contact }>(`/api/v1/contacts/${encodeURIComponent(crmId)}`);
    return {
      module,
      customer: { id: contact.contact_id, name: contact.contact_name },
      deal: null,
      query:
        module === 'Accounts'
          ? { customer_id: contact.contact_id, include_related: true }
          : { customer_id: contact.contact_id },
    };
  } catch (e) {
    if (isApiError(e) && e.status === 404) return null;
    throw e;
  }
}

import type { CrmModule, HostLocation } from './host-context.js';
import type { ZohoPageLoadData } from './zoho-sdk.js';

/** "Potentials" is the v1 name of Deals; some CRM builds still send it. */
export function normalizeModule(entity: string | undefined): CrmModule | null {
  switch (entity) {
    case 'Accounts':
      return 'Accounts';
    case 'Contacts':
      return 'Contacts';
    case 'Deals':
    case 'Potentials':
      return 'Deals';
    default:
      return null;
  }
}

/**
 * PageLoad → where we are. Related lists send `EntityId` as a string, buttons as an array (with
 * `ButtonPosition`), and the web tab sends no record at all; code that assumed one shape breaks.
 */
export function normalizePageLoad(data: ZohoPageLoadData | undefined | null): HostLocation {
  const module = normalizeModule(data?.Entity);
  const raw = data?.EntityId;
  const ids = (Array.isArray(raw) ? raw : raw === undefined || raw === null || raw === '' ? [] : [raw]).map(
    String,
  );
  if (!module || ids.length === 0) return { kind: 'web-tab' };
  if (Array.isArray(raw) || data?.ButtonPosition !== undefined) {
    return { kind: 'button', module, recordIds: ids };
  }
  return { kind: 'related-list', module, recordId: ids[0]! };
}

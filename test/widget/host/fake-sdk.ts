import { vi } from 'vitest';
import type { ZohoPageLoadData, ZohoSdk } from '../../../widget/host/zoho-sdk.js';

/** A stand-in for the global ZOHO that fires PageLoad when `init()` completes, as CRM does. */
export function fakeSdk(pageLoad: ZohoPageLoadData | null, overrides: { orgVariable?: unknown } = {}) {
  let handler: ((d: ZohoPageLoadData) => void) | undefined;
  const order: string[] = [];
  const sdk: ZohoSdk = {
    embeddedApp: {
      on: vi.fn((_event, fn) => {
        order.push('on');
        handler = fn;
      }),
      init: vi.fn(async () => {
        order.push('init');
        if (pageLoad) queueMicrotask(() => handler?.(pageLoad));
      }),
    },
    CRM: {
      API: {
        getRecord: vi.fn(async ({ RecordID }) => ({
          data: [{ id: String(RecordID), Deal_Name: 'Big deal' }],
        })),
        getRelatedRecords: vi.fn(async () => ({ data: [{ id: 'c1' }], info: { more_records: false } })),
        searchRecord: vi.fn(async () => undefined),
        getAllUsers: vi.fn(async () => ({
          users: [{ id: 'u1', full_name: 'Rita Gomez', email: 'rep@zylker.example', status: 'active' }],
        })),
        getOrgVariable: vi.fn(async () =>
          'orgVariable' in overrides
            ? overrides.orgVariable
            : { Success: { Content: 'https://dealspend.example/' } },
        ),
      },
      CONFIG: {
        getCurrentUser: vi.fn(async () => ({
          users: [{ id: '111', full_name: 'Rita Gomez', email: 'rep@zylker.example', zuid: '9' }],
        })),
        getOrgInfo: vi.fn(async () => ({
          org: [{ id: '222', zgid: '333', company_name: 'Zylker', currency: 'USD', time_zone: 'UTC' }],
        })),
      },
      UI: {
        Resize: vi.fn(async () => true),
        Record: { open: vi.fn(async () => true) },
        Popup: { close: vi.fn(async () => true) },
      },
    },
  };
  return { sdk, order };
}

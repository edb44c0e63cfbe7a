/**
 * The one module that talks to Zoho CRM through the widget SDK (global `ZOHO`). Everything else
 * gets a `HostApi`, so the same code runs inside Zoho CRM and in the sandbox's CRM page, whose
 * drop-in SDK speaks the same calls.
 */
import type {
  CrmModule,
  CrmRecord,
  CrmUserSummary,
  HostApi,
  HostContext,
  HostLocation,
} from './host-context.js';
import { normalizePageLoad } from './normalize-page-load.js';
import { orgVariableValue } from './org-variable.js';
import type { ZohoPageLoadData, ZohoSdk } from './zoho-sdk.js';

/** The CRM org variable (Setup → Developer Hub → Variables) holding the DealSpend server URL. */
export const SERVER_URL_VARIABLE = 'dealspend_server_url';

export interface ConnectOptions {
  /** The SDK object; by default the global `ZOHO` the SDK script defines. */
  sdk?: ZohoSdk;
  /** Record widgets wait for PageLoad; the web tab has no record and does not. */
  placement: 'record' | 'web-tab';
  /** Build-time server URL (VITE_DEALSPEND_SERVER_URL); the org variable is read only without it. */
  serverUrl?: string | undefined;
  /** How long a record widget waits for PageLoad after init. */
  pageLoadTimeoutMs?: number;
}

export class HostError extends Error {
  override name = 'HostError';
}

function globalSdk(): ZohoSdk {
  const sdk = (globalThis as { ZOHO?: ZohoSdk }).ZOHO;
  if (!sdk) throw new HostError('DealSpend must be opened inside Zoho CRM (the Zoho widget SDK is missing).');
  return sdk;
}

/**
 * Connects to the CRM page: registers PageLoad before `init()` (Zoho keeps one handler and fires
 * the event once, right after the handshake), then reads the current user, org and server URL.
 */
export async function connectHost(options: ConnectOptions): Promise<HostApi> {
  const sdk = options.sdk ?? globalSdk();
  let resolvePageLoad: (data: ZohoPageLoadData) => void = () => {};
  const pageLoad = new Promise<ZohoPageLoadData>((resolve) => {
    resolvePageLoad = resolve;
  });
  let received: ZohoPageLoadData | undefined;
  sdk.embeddedApp.on('PageLoad', (data) => {
    received = data;
    resolvePageLoad(data);
  });
  await sdk.embeddedApp.init();

  let location: HostLocation;
  if (options.placement === 'record') {
    const data = await withTimeout(pageLoad, options.pageLoadTimeoutMs ?? 10_000);
    if (!data) throw new HostError('Zoho CRM did not say which record this page shows.');
    location = normalizePageLoad(data);
  } else {
    location = received ? normalizePageLoad(received) : { kind: 'web-tab' };
  }

  const [userAnswer, orgAnswer] = await Promise.all([
    sdk.CRM.CONFIG.getCurrentUser(),
    sdk.CRM.CONFIG.getOrgInfo(),
  ]);
  const user = userAnswer?.users?.[0];
  const org = orgAnswer?.org?.[0];
  if (!user) throw new HostError('Zoho CRM did not return the signed-in user.');
  if (!org) throw new HostError('Zoho CRM did not return the organisation.');

  const serverUrl =
    options.serverUrl || orgVariableValue(await sdk.CRM.API.getOrgVariable(SERVER_URL_VARIABLE));
  if (!serverUrl) {
    throw new HostError(
      `The DealSpend server is not configured. Ask an admin to set the CRM variable "${SERVER_URL_VARIABLE}".`,
    );
  }

  const context: HostContext = {
    location,
    user: { id: String(user.id), email: user.email, full_name: user.full_name },
    org: {
      id: String(org.id),
      company_name: org.company_name,
      currency: org.iso_code ?? org.currency ?? 'USD',
      ...(org.time_zone ? { time_zone: org.time_zone } : {}),
    },
    serverUrl: serverUrl.replace(/\/+$/, ''),
  };
  return createHostApi(sdk, context);
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  return Promise.race([
    promise,
    new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), ms)),
  ]);
}

function records(answer: { data?: CrmRecord[] } | undefined | null): CrmRecord[] {
  // searchRecord answers without `data` (or with nothing at all) when nothing matches.
  return Array.isArray(answer?.data) ? answer.data : [];
}

/** The HostApi over an initialised SDK. Exported for tests. */
export function createHostApi(sdk: ZohoSdk, context: HostContext): HostApi {
  return {
    context,
    async resize(height) {
      await sdk.CRM.UI.Resize({ height: Math.ceil(height) });
    },
    async openRecord(module: CrmModule, id: string) {
      await sdk.CRM.UI.Record.open({ Entity: module, RecordID: id });
    },
    async getRecord(module, id) {
      return records(await sdk.CRM.API.getRecord({ Entity: module, RecordID: id }))[0] ?? null;
    },
    async getRelatedRecords(module, id, relatedList, page = 1) {
      return records(
        await sdk.CRM.API.getRelatedRecords({ Entity: module, RecordID: id, RelatedList: relatedList, page }),
      );
    },
    async searchRecord(module, type, query) {
      return records(await sdk.CRM.API.searchRecord({ Entity: module, Type: type, Query: query }));
    },
    async getAllUsers(type = 'ActiveUsers') {
      const answer = await sdk.CRM.API.getAllUsers({ Type: type });
      return (answer?.users ?? []).map(
        (u): CrmUserSummary => ({
          id: String(u.id),
          full_name: u.full_name,
          email: u.email,
          ...(u.status ? { status: u.status } : {}),
        }),
      );
    },
  };
}

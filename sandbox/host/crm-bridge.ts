/**
 * Answers the SDK stand-in's data calls for the CRM page by calling the sandbox's own CRM REST API
 * in-process (app.inject) with a token of the signed-in CRM user, so the widget sees exactly what
 * Zoho's API (and so Zoho's SDK) would give: `{data, info}`, `{users:[…]}`, `{org:[…]}`.
 */
import type { FastifyInstance } from 'fastify';
import type { CrmUser } from '../data/seed-types.js';
import type { SandboxState } from '../state.js';

/** Scopes a CRM session has; the page acts as the user inside CRM. */
const SESSION_SCOPES = [
  'ZohoCRM.modules.ALL',
  'ZohoCRM.users.ALL',
  'ZohoCRM.org.ALL',
  'ZohoCRM.settings.ALL',
  'ZohoSearch.securesearch.READ',
];

/** Fields the related lists return (v8 wants `fields`). */
const RELATED_FIELDS: Record<string, string> = {
  Contacts: 'First_Name,Last_Name,Full_Name,Email,Account_Name,Zoho_Expense',
  Deals: 'Deal_Name,Stage,Amount,Closing_Date,Account_Name,Contact_Name,Currency',
};

export interface SdkAnswer {
  result?: unknown;
  error?: { code: string; message: string };
}

export interface CrmBridge {
  answer(user: CrmUser, method: string, args: unknown): Promise<SdkAnswer>;
}

export function createCrmBridge(
  app: FastifyInstance,
  state: SandboxState,
  serverUrl: () => string,
): CrmBridge {
  const tokens = new Map<string, string>();

  function tokenFor(user: CrmUser): string {
    const known = tokens.get(user.zuid);
    if (known && state.tokens.lookup(known).ok) return known;
    const account = state.accounts.find((a) => a.zuid === user.zuid);
    if (!account) throw new Error(`No Zoho account for ${user.email}`);
    const token = state.tokens.issue(account, 'dealspend-demo', SESSION_SCOPES, false).token;
    tokens.set(user.zuid, token);
    return token;
  }

  async function crm(user: CrmUser, path: string, query: Record<string, string | number | undefined> = {}) {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') qs.set(k, String(v));
    const res = await app.inject({
      method: 'GET',
      url: `/crm/v8/${path}${qs.size ? `?${qs}` : ''}`,
      headers: { authorization: `Zoho-oauthtoken ${tokenFor(user)}` },
    });
    if (res.statusCode === 204 || res.statusCode === 304) return { ok: true as const, body: undefined };
    const body = res.json() as Record<string, unknown>;
    if (res.statusCode >= 400) {
      return {
        ok: false as const,
        error: { code: String(body.code ?? res.statusCode), message: String(body.message ?? 'CRM error') },
      };
    }
    return { ok: true as const, body };
  }

  const moduleName = (entity: unknown) => (entity === 'Potentials' ? 'Deals' : String(entity));

  return {
    async answer(user, method, rawArgs) {
      const args = (rawArgs ?? {}) as Record<string, unknown>;
      let out: Awaited<ReturnType<typeof crm>>;
      switch (method) {
        case 'CONFIG.getCurrentUser':
          out = await crm(user, 'users', { type: 'CurrentUser' });
          break;
        case 'CONFIG.getOrgInfo':
          out = await crm(user, 'org');
          break;
        case 'API.getOrgVariable':
          // Zoho passes the variable's api name as a plain string.
          if (rawArgs !== 'dealspend_server_url') {
            return { result: { Error: { Content: 'Variable not found' } } };
          }
          return { result: { Success: { Content: serverUrl() } } };
        case 'API.getAllUsers':
          out = await crm(user, 'users', { type: String(args.Type ?? args.type ?? 'AllUsers') });
          break;
        case 'API.getRecord':
          out = await crm(user, `${moduleName(args.Entity)}/${encodeURIComponent(String(args.RecordID))}`);
          break;
        case 'API.getRelatedRecords': {
          const related = String(args.RelatedList);
          out = await crm(
            user,
            `${moduleName(args.Entity)}/${encodeURIComponent(String(args.RecordID))}/${encodeURIComponent(related)}`,
            {
              fields: RELATED_FIELDS[related] ?? 'id',
              page: args.page as number | undefined,
              per_page: args.per_page as number | undefined,
            },
          );
          break;
        }
        case 'API.searchRecord': {
          const type = String(args.Type ?? 'word');
          out = await crm(user, `${moduleName(args.Entity)}/search`, {
            [type]: String(args.Query ?? ''),
            page: args.page as number | undefined,
            per_page: args.per_page as number | undefined,
          });
          break;
        }
        default:
          return {
            error: { code: 'NOT_SUPPORTED', message: `The sandbox SDK does not implement ${method}.` },
          };
      }
      return out.ok ? { result: out.body } : { error: out.error };
    },
  };
}

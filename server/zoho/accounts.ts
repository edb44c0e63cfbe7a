/**
 * Zoho Accounts, server side: the authorization URL for the admin's consent, the code exchange
 * and the refresh grant (Zoho OAuth 2.0 web-server flow with access_type=offline).
 * Token-endpoint failures arrive as HTTP 200 with {"error": "..."} (invalid_code, invalid_client),
 * so the body is checked, not only the status.
 */
import { ZohoAuthError } from './zoho-error.js';
import { parseZohoJson } from './zoho-json.js';

export interface AccountsClientConfig {
  accountsUrl: string;
  clientId: string;
  clientSecret: string;
  fetch: typeof fetch;
}

export interface TokenGrant {
  accessToken: string;
  /** Only on the authorization-code grant. */
  refreshToken?: string;
  expiresInSeconds: number;
  apiDomain?: string;
}

/** The scopes each integration asks for. */
export const CRM_SCOPES = [
  'ZohoCRM.modules.ALL',
  'ZohoCRM.users.READ',
  'ZohoCRM.org.READ',
  'ZohoCRM.settings.ALL',
  'ZohoSearch.securesearch.READ',
];
export const PEOPLE_SCOPES = [
  'ZOHOPEOPLE.forms.READ',
  'ZOHOPEOPLE.timetracker.READ',
  'ZOHOPEOPLE.orgstructure.READ',
];

export function authorizationUrl(
  cfg: Pick<AccountsClientConfig, 'accountsUrl' | 'clientId'>,
  p: { scopes: string[]; redirectUri: string; state: string; loginHint: string },
): string {
  const u = new URL(`${cfg.accountsUrl}/oauth/v2/auth`);
  u.searchParams.set('scope', p.scopes.join(','));
  u.searchParams.set('client_id', cfg.clientId);
  u.searchParams.set('response_type', 'code');
  u.searchParams.set('access_type', 'offline');
  u.searchParams.set('prompt', 'consent');
  u.searchParams.set('redirect_uri', p.redirectUri);
  u.searchParams.set('state', p.state);
  u.searchParams.set('login_hint', p.loginHint);
  return u.toString();
}

async function tokenRequest(cfg: AccountsClientConfig, form: Record<string, string>): Promise<TokenGrant> {
  let res: Response;
  try {
    res = await cfg.fetch(`${cfg.accountsUrl}/oauth/v2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...form, client_id: cfg.clientId, client_secret: cfg.clientSecret }),
    });
  } catch (e) {
    throw new ZohoAuthError(`Zoho Accounts did not answer (${(e as Error).message})`);
  }
  const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (!res.ok || typeof body.error === 'string' || typeof body.access_token !== 'string') {
    throw new ZohoAuthError(typeof body.error === 'string' ? body.error : `HTTP ${res.status}`);
  }
  return {
    accessToken: body.access_token,
    ...(typeof body.refresh_token === 'string' ? { refreshToken: body.refresh_token } : {}),
    expiresInSeconds: typeof body.expires_in === 'number' ? body.expires_in : 3600,
    ...(typeof body.api_domain === 'string' ? { apiDomain: body.api_domain } : {}),
  };
}

export function exchangeCode(
  cfg: AccountsClientConfig,
  code: string,
  redirectUri: string,
): Promise<TokenGrant> {
  return tokenRequest(cfg, { grant_type: 'authorization_code', code, redirect_uri: redirectUri });
}

export function refreshAccessToken(cfg: AccountsClientConfig, refreshToken: string): Promise<TokenGrant> {
  return tokenRequest(cfg, { grant_type: 'refresh_token', refresh_token: refreshToken });
}

/**
 * Zoho Accounts' user info for the freshly authorised user (who connected), decoded like every
 * CRM and People answer: without NUL characters, which PostgreSQL cannot store.
 */
export async function fetchUserInfo(
  cfg: AccountsClientConfig,
  accessToken: string,
): Promise<{ email: string; zuid: string } | undefined> {
  try {
    const res = await cfg.fetch(`${cfg.accountsUrl}/oauth/user/info`, {
      headers: { authorization: `Zoho-oauthtoken ${accessToken}` },
    });
    if (!res.ok) return undefined;
    const b = parseZohoJson(await res.text()) as Record<string, unknown>;
    const email = String(b.Email ?? b.email ?? '');
    const zuid = String(b.ZUID ?? b.zuid ?? '');
    return email ? { email, zuid } : undefined;
  } catch {
    return undefined;
  }
}

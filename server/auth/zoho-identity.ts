/**
 * Verifies a Zoho access token by asking Zoho Accounts who it belongs to
 * (GET {accounts}/oauth/user/info with `Authorization: Zoho-oauthtoken <token>`), and caches the
 * answer so a page of API calls costs one round trip. Tokens are cached by their SHA-256 only.
 * The answer is decoded as every Zoho answer is (zoho-json.ts): a NUL character in a name or an
 * address is dropped, as PostgreSQL cannot store one.
 */
import { createHash } from 'node:crypto';
import { appError } from '../errors.js';
import { parseZohoJson } from '../zoho/zoho-json.js';

export interface ZohoIdentity {
  zuid: string;
  email: string;
  name: string;
}

export interface IdentityVerifier {
  verify(token: string): Promise<ZohoIdentity>;
}

/**
 * Zoho's user-info answer does not say when the token expires; access tokens live 3600 s, so a
 * shorter cache bounds how long a revoked token keeps working.
 */
const CACHE_TTL_MS = 5 * 60_000;
const CACHE_MAX = 10_000;

export function createZohoIdentityVerifier(
  accountsUrl: string,
  fetchImpl: typeof fetch = fetch,
): IdentityVerifier {
  const cache = new Map<string, { identity: ZohoIdentity; expires: number }>();
  return {
    async verify(token) {
      const key = createHash('sha256').update(token).digest('hex');
      const hit = cache.get(key);
      if (hit && hit.expires > Date.now()) return hit.identity;
      let res: Response;
      try {
        res = await fetchImpl(`${accountsUrl}/oauth/user/info`, {
          headers: { Authorization: `Zoho-oauthtoken ${token}` },
          signal: AbortSignal.timeout(10_000),
        });
      } catch {
        throw appError('AUTH_UNAVAILABLE');
      }
      if (res.status === 401 || res.status === 400) {
        cache.delete(key);
        throw appError('INVALID_TOKEN');
      }
      if (!res.ok) throw appError('AUTH_UNAVAILABLE');
      const body = (await res
        .text()
        .then(parseZohoJson)
        .catch(() => null)) as Record<string, unknown> | null;
      const zuid = body?.ZUID;
      const email = body?.Email;
      if ((typeof zuid !== 'string' && typeof zuid !== 'number') || typeof email !== 'string') {
        throw appError('INVALID_TOKEN');
      }
      const first = typeof body?.First_Name === 'string' ? body.First_Name : '';
      const last = typeof body?.Last_Name === 'string' ? body.Last_Name : '';
      const display = typeof body?.Display_Name === 'string' ? body.Display_Name : `${first} ${last}`.trim();
      const identity: ZohoIdentity = {
        zuid: String(zuid),
        email: email.toLowerCase(),
        name: display || email,
      };
      if (cache.size >= CACHE_MAX) cache.clear();
      cache.set(key, { identity, expires: Date.now() + CACHE_TTL_MS });
      return identity;
    },
  };
}

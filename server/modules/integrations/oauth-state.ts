/**
 * The OAuth `state` parameter: binds a Zoho consent to the org, the admin and the integration that
 * asked for it, and expires after 15 minutes. It is signed (HMAC-SHA256 with a key derived from
 * SECRET_KEY), so a callback cannot be replayed into another org or forged.
 */
import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

export interface OAuthState {
  system: 'crm' | 'people';
  orgId: string;
  userId: string;
  email: string;
  /** Expiry, epoch ms. */
  exp: number;
}

const TTL_MS = 15 * 60 * 1000;

function key(secretKey: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secretKey, 'dealspend', 'dealspend/oauth-state/v1', 32));
}

export function signState(secretKey: string, s: Omit<OAuthState, 'exp'>, nowMs: number): string {
  const payload = Buffer.from(
    JSON.stringify({ ...s, exp: nowMs + TTL_MS, n: randomBytes(8).toString('hex') }),
  ).toString('base64url');
  const sig = createHmac('sha256', key(secretKey)).update(payload).digest('base64url');
  return `${payload}.${sig}`;
}

export function verifyState(secretKey: string, raw: string, nowMs: number): OAuthState | undefined {
  const [payload, sig] = raw.split('.');
  if (!payload || !sig) return undefined;
  const expected = createHmac('sha256', key(secretKey)).update(payload).digest();
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    const s = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as OAuthState;
    if (typeof s.exp !== 'number' || s.exp < nowMs) return undefined;
    if (s.system !== 'crm' && s.system !== 'people') return undefined;
    return s;
  } catch {
    return undefined;
  }
}

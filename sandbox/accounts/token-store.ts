/**
 * Grant codes, access tokens and refresh tokens of the sandbox's Zoho Accounts, kept in memory.
 * Tokens look like Zoho's ("1000.<hex>.<hex>") and live 3600 s by the sandbox clock; codes
 * live 2 minutes and are single use (a second use is Zoho's invalid_code).
 */
import { randomBytes } from 'node:crypto';
import type { SandboxClock } from '../clock.js';
import type { SandboxAccount } from '../data/seed-types.js';

/** Access tokens last one hour (Zoho Accounts docs). */
export const ACCESS_TOKEN_TTL_S = 3600;
const CODE_TTL_MS = 2 * 60_000;

export interface GrantCode {
  code: string;
  clientId: string;
  redirectUri: string;
  account: SandboxAccount;
  scopes: string[];
  offline: boolean;
  codeChallenge: string | undefined;
  codeChallengeMethod: string | undefined;
  expiresAt: number;
}

export interface AccessToken {
  token: string;
  clientId: string;
  account: SandboxAccount;
  scopes: string[];
  expiresAt: number;
  refreshToken: string | undefined;
}

interface RefreshToken {
  token: string;
  clientId: string;
  account: SandboxAccount;
  scopes: string[];
}

export type TokenLookup = { ok: true; token: AccessToken } | { ok: false; reason: 'unknown' | 'expired' };

export interface TokenStore {
  createCode(grant: Omit<GrantCode, 'code' | 'expiresAt'>): string;
  /** Takes the code out (single use); undefined when unknown or expired. */
  redeemCode(code: string): GrantCode | undefined;
  issue(account: SandboxAccount, clientId: string, scopes: string[], offline: boolean): AccessToken;
  refresh(refreshToken: string, clientId: string): AccessToken | undefined;
  lookup(token: string): TokenLookup;
  /** Revokes a refresh token (and its access tokens) or a single access token. */
  revoke(token: string): boolean;
  /** Makes every live access token expired now (the "expired tokens" fault). */
  expireAll(): number;
  clear(): void;
}

function mint(): string {
  return `1000.${randomBytes(16).toString('hex')}.${randomBytes(16).toString('hex')}`;
}

export function createTokenStore(clock: SandboxClock): TokenStore {
  const codes = new Map<string, GrantCode>();
  const access = new Map<string, AccessToken>();
  const refresh = new Map<string, RefreshToken>();

  function issueAccess(
    account: SandboxAccount,
    clientId: string,
    scopes: string[],
    refreshToken: string | undefined,
  ): AccessToken {
    const entry: AccessToken = {
      token: mint(),
      clientId,
      account,
      scopes,
      expiresAt: clock.now() + ACCESS_TOKEN_TTL_S * 1000,
      refreshToken,
    };
    access.set(entry.token, entry);
    return entry;
  }

  return {
    createCode(grant) {
      const code = mint();
      codes.set(code, { ...grant, code, expiresAt: clock.now() + CODE_TTL_MS });
      return code;
    },
    redeemCode(code) {
      const entry = codes.get(code);
      codes.delete(code);
      if (!entry || entry.expiresAt <= clock.now()) return undefined;
      return entry;
    },
    issue(account, clientId, scopes, offline) {
      let refreshToken: string | undefined;
      if (offline) {
        refreshToken = mint();
        refresh.set(refreshToken, { token: refreshToken, clientId, account, scopes });
      }
      return issueAccess(account, clientId, scopes, refreshToken);
    },
    refresh(token, clientId) {
      const entry = refresh.get(token);
      if (!entry || entry.clientId !== clientId) return undefined;
      return issueAccess(entry.account, entry.clientId, entry.scopes, entry.token);
    },
    lookup(token) {
      const entry = access.get(token);
      if (!entry) return { ok: false, reason: 'unknown' };
      if (entry.expiresAt <= clock.now()) return { ok: false, reason: 'expired' };
      return { ok: true, token: entry };
    },
    revoke(token) {
      if (refresh.delete(token)) {
        for (const [k, v] of access) if (v.refreshToken === token) access.delete(k);
        return true;
      }
      return access.delete(token);
    },
    expireAll() {
      const now = clock.now();
      let n = 0;
      for (const entry of access.values()) {
        if (entry.expiresAt > now) {
          entry.expiresAt = now;
          n++;
        }
      }
      return n;
    },
    clear() {
      codes.clear();
      access.clear();
      refresh.clear();
    },
  };
}

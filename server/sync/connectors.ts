/**
 * Builds the Zoho clients for one connected integration: decrypts its refresh token, keeps one
 * token source per connection (so the access token is reused across jobs), sends X-CRM-ORG for the
 * chosen CRM organisation and keeps People calls under their per-minute budget.
 */
import type { Config } from '../config.js';
import { createSecretBox, type SecretBox } from '../crypto/secret-box.js';
import type { IntegrationRow } from '../db/schema.js';
import { appError } from '../errors.js';
import type { AccountsClientConfig } from '../zoho/accounts.js';
import type { BackoffPolicy } from '../zoho/backoff.js';
import { type CrmClient, createCrmClient } from '../zoho/crm-client.js';
import { createPeopleClient, type PeopleApi } from '../zoho/people-client.js';
import { createRateBudget, type RateBudget } from '../zoho/rate-budget.js';
import { createTokenSource, type TokenSource } from '../zoho/token-source.js';
import { createZohoHttp, realSleep } from '../zoho/zoho-http.js';

/** People's getRecords allows 400 calls a minute; staying well under it avoids the 5-minute lock. */
export const PEOPLE_REQUESTS_PER_MINUTE = 300;

export interface ConnectorOptions {
  config: Config;
  fetch: typeof fetch;
  now: () => number;
  backoff?: BackoffPolicy;
  peopleRequestsPerMinute?: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface Connectors {
  accounts: AccountsClientConfig;
  box: SecretBox;
  crm(integration: IntegrationRow): CrmClient;
  people(integration: IntegrationRow): PeopleApi;
  /** Forget cached tokens of a connection (after reconnecting or deleting it). */
  forget(integrationId: string): void;
}

export function createConnectors(opts: ConnectorOptions): Connectors {
  const box = createSecretBox(opts.config.secretKey);
  const accounts: AccountsClientConfig = {
    accountsUrl: opts.config.zohoAccountsUrl,
    clientId: opts.config.zohoClientId,
    clientSecret: opts.config.zohoClientSecret,
    fetch: opts.fetch,
  };
  const tokens = new Map<string, { sealed: string; source: TokenSource }>();
  const budgets = new Map<string, RateBudget>();
  const sleep = opts.sleep ?? realSleep;

  function tokenSource(integration: IntegrationRow): TokenSource {
    const sealed = integration.refresh_token;
    if (!sealed || integration.status === 'pending') {
      throw appError('INTEGRATION_NOT_CONNECTED');
    }
    const cached = tokens.get(integration.integration_id);
    if (cached && cached.sealed === sealed) return cached.source;
    const source = createTokenSource(accounts, box.open(sealed), opts.now);
    tokens.set(integration.integration_id, { sealed, source });
    return source;
  }

  return {
    accounts,
    box,
    crm(integration) {
      const http = createZohoHttp({
        fetch: opts.fetch,
        tokens: tokenSource(integration),
        ...(integration.crm_org_id ? { headers: { 'X-CRM-ORG': integration.crm_org_id } } : {}),
        ...(opts.backoff ? { backoff: opts.backoff } : {}),
        sleep,
        now: opts.now,
      });
      return createCrmClient(http, opts.config.zohoCrmApiUrl);
    },
    people(integration) {
      let budget = budgets.get(integration.org_id);
      if (!budget) {
        budget = createRateBudget(opts.peopleRequestsPerMinute ?? PEOPLE_REQUESTS_PER_MINUTE, {
          now: opts.now,
          sleep,
        });
        budgets.set(integration.org_id, budget);
      }
      const http = createZohoHttp({
        fetch: opts.fetch,
        tokens: tokenSource(integration),
        budget,
        ...(opts.backoff ? { backoff: opts.backoff } : {}),
        sleep,
        now: opts.now,
      });
      return createPeopleClient(http, opts.config.zohoPeopleApiUrl);
    },
    forget(integrationId) {
      tokens.delete(integrationId);
    },
  };
}

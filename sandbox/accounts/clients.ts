/**
 * OAuth clients registered with the sandbox's Zoho Accounts, as a developer would register them
 * in Zoho's API console. Public clients must use PKCE (S256); the confidential one a secret.
 */
export interface OAuthClient {
  clientId: string;
  /** undefined for public clients. */
  secret: string | undefined;
  name: string;
}

export const OAUTH_CLIENTS: readonly OAuthClient[] = [
  { clientId: 'dealspend-demo', secret: undefined, name: 'DealSpend demo' },
  { clientId: 'dealspend-widget', secret: undefined, name: 'DealSpend widget' },
  { clientId: 'dealspend-server', secret: 'dealspend-server-secret', name: 'DealSpend server' },
];

export function findClient(clientId: string | undefined): OAuthClient | undefined {
  return OAUTH_CLIENTS.find((c) => c.clientId === clientId);
}

/** Every client accepts any loopback redirect (any port, any path), as for a desktop app. */
export function isLoopbackRedirect(uri: string | undefined): boolean {
  if (!uri) return false;
  try {
    const u = new URL(uri);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return false;
    return u.hostname === 'localhost' || u.hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(u.hostname);
  } catch {
    return false;
  }
}

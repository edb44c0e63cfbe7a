/**
 * Start-up shared by both entries: connect to the CRM page, set up sign-in and the API client, and
 * find the signed-in DealSpend user. Kept free of views so each entry bundles only what it shows.
 */
import { type AuthModel, createAuth } from '../api/auth.js';
import { type ApiClient, createApiClient } from '../api/client.js';
import type { User } from '../api/types.js';
import type { HostApi } from '../host/host-context.js';
import { connectHost } from '../host/zoho-host.js';
import { buildTimeServerUrl } from './server-url.js';

export interface Session {
  host: HostApi;
  auth: AuthModel;
  api: ApiClient;
  /** Resolves once signed in; the organisation header follows the user's org from then on. */
  me: () => Promise<User>;
}

export async function startSession(placement: 'record' | 'web-tab'): Promise<Session> {
  const host = await connectHost({ placement, serverUrl: buildTimeServerUrl() });
  const redirectUri = new URL('oauth-callback.html', window.location.href);
  redirectUri.search = '';
  redirectUri.hash = '';
  const auth = createAuth({
    serverUrl: host.context.serverUrl,
    loginHint: host.context.user.email,
    redirectUri: redirectUri.toString(),
  });
  let orgId: string | undefined;
  const api = createApiClient({
    baseUrl: host.context.serverUrl,
    getToken: auth.getToken,
    orgId: () => orgId,
  });
  let mePromise: Promise<User> | null = null;
  const me = () => {
    mePromise ??= api.get<{ user: User }>('/api/v1/users/me').then(
      ({ user }) => {
        orgId = user.organization_id;
        return user;
      },
      (e: unknown) => {
        mePromise = null;
        throw e;
      },
    );
    return mePromise;
  };
  return { host, auth, api, me };
}

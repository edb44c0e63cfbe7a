/** What oauth-callback.html posts back to the widget that opened the sign-in popup. */
export interface OAuthCallbackMessage {
  type: 'dealspend-oauth';
  state: string | null;
  code: string | null;
  error: string | null;
}

export function isOAuthCallbackMessage(data: unknown): data is OAuthCallbackMessage {
  return typeof data === 'object' && data !== null && (data as { type?: unknown }).type === 'dealspend-oauth';
}

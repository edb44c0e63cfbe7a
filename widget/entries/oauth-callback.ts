/**
 * The page Zoho Accounts redirects the sign-in popup to. It hands the code and state to the widget
 * that opened it (same origin only; the widget checks state) and closes.
 */
import type { OAuthCallbackMessage } from '../api/oauth-message.js';

const params = new URLSearchParams(window.location.search);
const message: OAuthCallbackMessage = {
  type: 'dealspend-oauth',
  state: params.get('state'),
  code: params.get('code'),
  error: params.get('error'),
};
const status = document.getElementById('status');
if (window.opener) {
  (window.opener as Window).postMessage(message, window.location.origin);
  if (status) status.textContent = 'Signed in. You can close this window.';
  window.close();
} else if (status) {
  status.textContent = 'Open DealSpend from Zoho CRM to sign in.';
}

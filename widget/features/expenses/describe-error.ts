import { isApiError } from '../../api/api-error.js';

/** Where the server's validation message names the request part ("body.amount must be > 0"). */
const PART_PREFIX = /^(?:body|querystring|params)(?:\.|: )/;

/** A sentence for the user from any failure; a write kept in the outbox says it will be sent. */
export function describeError(e: unknown): string {
  if (isApiError(e)) {
    if (e.queued) return e.message;
    if (e.offline) return 'You are offline. Try again when the connection returns.';
    return e.message.replace(PART_PREFIX, '');
  }
  return e instanceof Error ? e.message : 'Something went wrong.';
}

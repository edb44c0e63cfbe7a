import { isApiError } from '../../api/api-error.js';

/** A sentence for the user from any failure; offline failures say so plainly. */
export function describeError(e: unknown): string {
  if (isApiError(e)) return e.offline ? 'You are offline. Try again when the connection returns.' : e.message;
  return e instanceof Error ? e.message : 'Something went wrong.';
}

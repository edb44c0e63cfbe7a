/**
 * How long to wait before retrying a Zoho call. A 429 or 503 with Retry-After is honoured exactly
 * (capped, so a hostile header cannot park a job for hours); without it, exponential backoff with
 * full jitter (CRM sends no Retry-After on 429, so clients must not retry in lockstep).
 */
export interface BackoffPolicy {
  /** First delay in ms; doubles per attempt. */
  baseMs: number;
  /** Upper bound for any one delay, in ms. */
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 500, capMs: 30_000 };

/** A Retry-After longer than this is cut short: the job is retried later from its checkpoint anyway. */
export const MAX_RETRY_AFTER_MS = 120_000;

/** Parses Retry-After (delta seconds or an HTTP date) into ms, or undefined. */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/** Delay before retry number `attempt` (0-based). `random` is in [0, 1). */
export function retryDelay(
  attempt: number,
  retryAfterMs: number | undefined,
  policy: BackoffPolicy,
  random: () => number,
): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, MAX_RETRY_AFTER_MS);
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** attempt);
  return Math.floor(random() * ceiling);
}

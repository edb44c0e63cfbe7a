/**
 * A per-minute request budget (Zoho People throttles per endpoint per minute and then locks the
 * caller out for five minutes, so staying under the limit matters more than going fast).
 * A sliding window of the last minute's start times; `take()` waits until a slot is free.
 */
export interface RateBudget {
  take(): Promise<void>;
}

export function createRateBudget(
  perMinute: number,
  deps: { now: () => number; sleep: (ms: number) => Promise<void> },
): RateBudget {
  const starts: number[] = [];
  return {
    async take() {
      for (;;) {
        const now = deps.now();
        while (starts.length > 0 && (starts[0] as number) <= now - 60_000) starts.shift();
        if (starts.length < perMinute) {
          starts.push(now);
          return;
        }
        await deps.sleep((starts[0] as number) + 60_000 - now + 5);
      }
    },
  };
}

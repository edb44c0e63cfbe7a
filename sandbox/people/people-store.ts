/**
 * Zoho People's data (employees, departments, time-tracker clients and projects) and its request
 * budget. People allows a number of calls per minute per API and, past it, locks the API for a
 * while: getRecords 400/min, the time tracker 20/min, lock 5 minutes
 * (https://www.zoho.com/people/api/bulk-records.html, .../timesheet/get-clients.html).
 * Tests shorten both through the option or the control API.
 */
import type { SandboxClock } from '../clock.js';
import type {
  PeopleClient,
  PeopleDepartment,
  PeopleEmployee,
  PeopleProject,
  SandboxSeed,
} from '../data/seed-types.js';

/** Zoho's documented thresholds per API, calls per minute. */
export const PEOPLE_THRESHOLDS = { forms: 400, timetracker: 20 } as const;
export const PEOPLE_LOCK_MS = 5 * 60_000;

export type PeopleApi = keyof typeof PEOPLE_THRESHOLDS;

interface Budget {
  windowStart: number;
  count: number;
  lockedUntil: number;
}

export interface PeopleStore {
  employees: PeopleEmployee[];
  departments: PeopleDepartment[];
  clients: PeopleClient[];
  projects: PeopleProject[];
  /** When set, overrides every API's per-minute threshold. */
  requestsPerMinute: number | undefined;
  lockMs: number;
  /** Counts one call; when over budget, the API locks and this returns the seconds left. */
  take(api: PeopleApi): { ok: true } | { ok: false; retryAfterS: number };
  resetBudgets(): void;
}

export function createPeopleStore(
  seed: SandboxSeed,
  clock: SandboxClock,
  requestsPerMinute: number | undefined,
): PeopleStore {
  const budgets = new Map<PeopleApi, Budget>();
  const store: PeopleStore = {
    employees: structuredClone(seed.people.employees),
    departments: structuredClone(seed.people.departments),
    clients: structuredClone(seed.people.clients),
    projects: structuredClone(seed.people.projects),
    requestsPerMinute,
    lockMs: PEOPLE_LOCK_MS,
    take(api) {
      const now = clock.now();
      const b = budgets.get(api) ?? { windowStart: now, count: 0, lockedUntil: 0 };
      budgets.set(api, b);
      if (b.lockedUntil > now) return { ok: false, retryAfterS: Math.ceil((b.lockedUntil - now) / 1000) };
      if (now - b.windowStart >= 60_000) {
        b.windowStart = now;
        b.count = 0;
      }
      b.count++;
      const threshold = store.requestsPerMinute ?? PEOPLE_THRESHOLDS[api];
      if (b.count > threshold) {
        b.lockedUntil = now + store.lockMs;
        b.count = 0;
        b.windowStart = b.lockedUntil;
        return { ok: false, retryAfterS: Math.ceil(store.lockMs / 1000) };
      }
      return { ok: true };
    },
    resetBudgets() {
      budgets.clear();
    },
  };
  return store;
}

/**
 * Everything one sandbox instance holds: its seed, the sandbox clock, Zoho Accounts' sign-ins and
 * tokens, the CRM and People data, and the faults to inject. Route plugins and the CRM page
 * (sandbox/host) read and change it; the control API resets it in place, so references to the
 * state object stay valid.
 */
import { createTokenStore, type TokenStore } from './accounts/token-store.js';
import { createSandboxClock, type SandboxClock } from './clock.js';
import { type CrmStore, createCrmStore } from './crm/crm-store.js';
import { sandboxAccounts } from './data/seed.js';
import type { SandboxAccount, SandboxSeed } from './data/seed-types.js';
import { createFaultStore, type FaultStore } from './faults/fault-store.js';
import { createPeopleStore, type PeopleStore } from './people/people-store.js';

export interface SandboxState {
  seed: SandboxSeed;
  clock: SandboxClock;
  /** Zoho Accounts sign-ins (every CRM user of every org plus People-only staff). */
  accounts: SandboxAccount[];
  tokens: TokenStore;
  crm: CrmStore;
  people: PeopleStore;
  faults: FaultStore;
  /** Scale mode's account count, when on. */
  scale: number | undefined;
}

export interface SandboxStateOptions {
  scale?: number | undefined;
  peopleRequestsPerMinute?: number | undefined;
}

export function createSandboxState(seed: SandboxSeed, options: SandboxStateOptions = {}): SandboxState {
  const clock = createSandboxClock();
  return {
    seed,
    clock,
    accounts: sandboxAccounts(seed),
    tokens: createTokenStore(clock),
    crm: createCrmStore(seed, options.scale),
    people: createPeopleStore(seed, clock, options.peopleRequestsPerMinute),
    faults: createFaultStore(),
    scale: options.scale,
  };
}

/** Back to the seed: data, faults, clock offset and People budgets. Tokens stay valid. */
export function resetSandboxState(state: SandboxState): void {
  state.clock.offsetMs = 0;
  state.crm = createCrmStore(state.seed, state.scale);
  state.people = createPeopleStore(state.seed, state.clock, state.people.requestsPerMinute);
  state.faults.clear();
}

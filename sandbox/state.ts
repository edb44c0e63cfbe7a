/**
 * Everything one sandbox instance holds: its seed, the sandbox clock, Zoho Accounts' sign-ins and
 * tokens, the CRM and People data, and the faults to inject. Route plugins and the CRM page
 * (sandbox/host) read and change it; the control API resets it.
 */

import type { TokenStore } from './accounts/token-store.js';
import { createTokenStore } from './accounts/token-store.js';
import type { SandboxClock } from './clock.js';
import { createSandboxClock } from './clock.js';
import { sandboxAccounts } from './data/seed.js';
import type { SandboxAccount, SandboxSeed } from './data/seed-types.js';

export interface SandboxState {
  seed: SandboxSeed;
  clock: SandboxClock;
  /** Zoho Accounts sign-ins (every CRM user of every org plus People-only staff). */
  accounts: SandboxAccount[];
  tokens: TokenStore;
}

export function createSandboxState(seed: SandboxSeed): SandboxState {
  const clock = createSandboxClock();
  return {
    seed,
    clock,
    accounts: sandboxAccounts(seed),
    tokens: createTokenStore(clock),
  };
}

/**
 * The CRM side of the sandbox: one CrmOrgState per CRM org, each with its users and module stores.
 * In scale mode the first org (Zylker) serves generated modules instead of the seed's records.
 */
import { crmId, ORG_ID_PREFIX, SEED_BASE_TIME } from '../data/seed.js';
import type { CrmOrgSeed, CrmUser, SandboxSeed } from '../data/seed-types.js';
import { MODULE_NAMES, type ModuleName } from './module-meta.js';
import { createMemoryModule, type ModuleStore } from './module-store.js';
import { createScaleModule } from './scale-module.js';

export interface CrmOrgState {
  org: CrmOrgSeed['org'];
  /** First 7 digits of this org's record ids. */
  idPrefix: string;
  users: CrmUser[];
  modules: Record<ModuleName, ModuleStore>;
  /** Next sequence number for records inserted through the API. */
  nextSeq: number;
  /** API credits per rolling 24 hours (undefined: unlimited), as Zoho's edition limits. */
  credits: { perDay: number | undefined; windowStart: number; used: number };
}

export interface CrmStore {
  orgs: CrmOrgState[];
  scale: number | undefined;
}

/** Inserted records start far above seeded and generated ones, so ids never collide. */
const FIRST_INSERTED_SEQ = 90_000_000_000;

export function createCrmStore(seed: SandboxSeed, scale: number | undefined): CrmStore {
  const orgs = seed.crmOrgs.map((o, index): CrmOrgState => {
    const idPrefix =
      ORG_ID_PREFIX[o.org.id] ?? (o.Accounts[0]?.id ?? o.users[0]?.id ?? '9000000').slice(0, 7);
    const users = structuredClone(o.users);
    const modules = {} as Record<ModuleName, ModuleStore>;
    for (const m of MODULE_NAMES) {
      if (scale !== undefined && index === 0) {
        const owners = users.filter((u) => u.status === 'active');
        modules[m] = createScaleModule(m, {
          accounts: scale,
          orgPrefix: idPrefix,
          baseTime: SEED_BASE_TIME,
          owners: owners.length > 0 ? owners : users,
          currency: o.org.iso_code,
        });
      } else {
        modules[m] = createMemoryModule(m, o[m]);
      }
    }
    return {
      org: structuredClone(o.org),
      idPrefix,
      users,
      modules,
      nextSeq: FIRST_INSERTED_SEQ,
      credits: { perDay: undefined, windowStart: 0, used: 0 },
    };
  });
  return { orgs, scale };
}

export function mintRecordId(org: CrmOrgState, kind: number): string {
  return crmId(org.idPrefix, kind, org.nextSeq++);
}

/** The org whose zgid (or id) is `key`. */
export function findOrg(store: CrmStore, key: string): CrmOrgState | undefined {
  return store.orgs.find((o) => o.org.zgid === key || o.org.id === key);
}

/** The CRM user with this ZUID in the org. */
export function userByZuid(org: CrmOrgState, zuid: string): CrmUser | undefined {
  return org.users.find((u) => u.zuid === zuid);
}

const DAY_MS = 86_400_000;

/**
 * Charges one API credit; false when the org's credits for the current 24-hour window are used up
 * (https://www.zoho.com/crm/developer/docs/api/v8/api-limits.html). The window here starts at the
 * first call after the previous one ended, a simplification of Zoho's rolling window.
 */
export function chargeCredit(org: CrmOrgState, now: number): boolean {
  const c = org.credits;
  if (c.perDay === undefined) return true;
  if (now - c.windowStart >= DAY_MS) {
    c.windowStart = now;
    c.used = 0;
  }
  if (c.used >= c.perDay) return false;
  c.used++;
  return true;
}

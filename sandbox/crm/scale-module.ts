/**
 * Scale mode: N accounts, 3N contacts (contact j belongs to account floor(j/3)) and N deals (deal k
 * on account k), each generated from its index. Ids, Created_Time and Modified_Time all grow with the
 * index, so any of the three sort orders and If-Modified-Since map straight to an index range and a
 * page is built in O(page size) with nothing stored. Only other filters (cvid criteria) scan.
 */
import { crmId, DEAL_STAGES, ID_KIND, zohoTime } from '../data/seed.js';
import type { CrmRecord, CrmUser } from '../data/seed-types.js';
import type { ModuleName } from './module-meta.js';
import type { ListQuery, ModuleStore } from './module-store.js';

export interface ScaleSpec {
  accounts: number;
  orgPrefix: string;
  /** The "now" of the data: the last record is modified one second before it. */
  baseTime: number;
  owners: CrmUser[];
  currency: string;
}

const STAGES = DEAL_STAGES.map((s) => s);

export function createScaleModule(module: ModuleName, spec: ScaleSpec): ModuleStore {
  const n = module === 'Contacts' ? spec.accounts * 3 : spec.accounts;
  const kind = ID_KIND[module];
  // Record i is created (and last modified) `n - i` seconds before baseTime.
  const timeAt = (i: number) => spec.baseTime - (n - i) * 1000;
  // Owner lookups are shared objects: one per user, not one per record.
  const ownerRefs = spec.owners.map((u) => ({ name: u.full_name, id: u.id, email: u.email }));
  const owner = (i: number) => ownerRefs[i % ownerRefs.length]!;
  const six = (i: number) => {
    const d = `${i}`;
    return d.length >= 6 ? d : `${'000000'.slice(d.length)}${d}`;
  };
  const accountName = (i: number) => `Scale Account ${six(i + 1)}`;
  const accountRef = (i: number) => ({
    name: accountName(i),
    id: crmId(spec.orgPrefix, ID_KIND.Accounts, i + 1),
  });

  function make(i: number): CrmRecord {
    const t = zohoTime(timeAt(i));
    const id = crmId(spec.orgPrefix, kind, i + 1);
    if (module === 'Accounts') {
      return {
        id,
        Owner: owner(i),
        Account_Name: accountName(i),
        Phone: `+1 555 ${`${i % 10_000}`.padStart(4, '0')}`,
        Industry: 'Technology',
        Zoho_Expense: i % 4 === 0,
        Currency: spec.currency,
        Exchange_Rate: 1,
        Created_Time: t,
        Modified_Time: t,
      };
    }
    if (module === 'Contacts') {
      const a = Math.floor(i / 3);
      const first = `Contact${(i % 3) + 1}`;
      const last = `Scale ${six(a + 1)}`;
      return {
        id,
        Owner: owner(a),
        First_Name: first,
        Last_Name: last,
        Full_Name: `${first} ${last}`,
        Email: `contact${i + 1}@scale.example`,
        Account_Name: accountRef(a),
        Zoho_Expense: i % 5 === 0,
        Currency: spec.currency,
        Exchange_Rate: 1,
        Created_Time: t,
        Modified_Time: t,
      };
    }
    const stage = STAGES[i % STAGES.length]!;
    return {
      id,
      Owner: owner(i),
      Deal_Name: `Scale Deal ${six(i + 1)}`,
      Account_Name: accountRef(i),
      Contact_Name: {
        name: `Contact1 Scale ${six(i + 1)}`,
        id: crmId(spec.orgPrefix, ID_KIND.Contacts, i * 3 + 1),
      },
      Stage: stage.value,
      Probability: stage.probability,
      Amount: 1000 + (i % 97) * 250,
      Closing_Date: t.slice(0, 10),
      Pipeline: 'Standard (Standard)',
      Currency: spec.currency,
      Exchange_Rate: 1,
      Created_Time: t,
      Modified_Time: t,
    };
  }

  function indexOf(id: string): number | undefined {
    const prefix = `${spec.orgPrefix}${kind}`;
    if (!id.startsWith(prefix) || id.length !== prefix.length + 11) return undefined;
    const i = Number(id.slice(prefix.length)) - 1;
    return Number.isInteger(i) && i >= 0 && i < n ? i : undefined;
  }

  /** First index whose Modified_Time is after `since`. */
  function firstAfter(since: number): number {
    // timeAt(i) > since  ⇔  i > n - (baseTime - since)/1000
    const i = Math.floor(n - (spec.baseTime - since) / 1000) + 1;
    return Math.min(n, Math.max(0, i));
  }

  return {
    module,
    readOnly: true,
    get: (id) => {
      const i = indexOf(id);
      return i === undefined ? undefined : make(i);
    },
    window(q: ListQuery, offset, limit) {
      const lo = q.modifiedSince === undefined ? 0 : firstAfter(q.modifiedSince);
      if (!q.predicate) {
        // Every sort field grows with the index: asc walks up from lo, desc walks down from n-1.
        const total = n - lo;
        const records: CrmRecord[] = [];
        for (let k = offset; k < Math.min(total, offset + limit); k++) {
          records.push(make(q.order === 'asc' ? lo + k : n - 1 - k));
        }
        return { records, more: offset + limit < total };
      }
      const records: CrmRecord[] = [];
      let seen = 0;
      for (let k = 0; k < n - lo; k++) {
        const r = make(q.order === 'asc' ? lo + k : n - 1 - k);
        if (!q.predicate(r)) continue;
        if (seen >= offset) {
          if (records.length === limit) return { records, more: true };
          records.push(r);
        }
        seen++;
      }
      return { records, more: false };
    },
    *scan() {
      for (let i = 0; i < n; i++) yield make(i);
    },
    related(field, parentId) {
      const parentKind = field === 'Contact_Name' ? ID_KIND.Contacts : ID_KIND.Accounts;
      const prefix = `${spec.orgPrefix}${parentKind}`;
      if (!parentId.startsWith(prefix) || parentId.length !== prefix.length + 11) return [];
      const p = Number(parentId.slice(prefix.length)) - 1;
      const parents = parentKind === ID_KIND.Contacts ? spec.accounts * 3 : spec.accounts;
      if (!(p >= 0 && p < parents)) return [];
      if (module === 'Contacts' && field === 'Account_Name') return [0, 1, 2].map((k) => make(p * 3 + k));
      if (module === 'Deals' && field === 'Account_Name') return [make(p)];
      if (module === 'Deals' && field === 'Contact_Name') return p % 3 === 0 ? [make(p / 3)] : [];
      return [];
    },
    put() {
      throw new Error('scale mode is read-only');
    },
    remove() {
      return false;
    },
    deleted: () => [],
  };
}

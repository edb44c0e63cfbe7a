/**
 * Scale mode: N accounts, 3N contacts (contact j belongs to account floor(j/3)) and N deals (deal k
 * on account k), each generated from its index. Ids, Created_Time and Modified_Time all grow with the
 * index, so any of the three sort orders and If-Modified-Since map straight to an index range and a
 * page is built in O(page size) with nothing stored. Only other filters (cvid criteria) scan.
 *
 * List pages are also written straight to JSON bytes from the index (windowJson): building 200
 * record objects only for JSON.stringify to walk them cost more than the rest of the request. Each
 * module's JSON parts sit beside make() and must give exactly JSON.stringify(project(make(i)));
 * test/sandbox/scale-json.test.ts holds them to it.
 */
import { crmId, DEAL_STAGES, ID_KIND, zohoTime } from '../data/seed.js';
import type { CrmRecord, CrmUser } from '../data/seed-types.js';
import type { ModuleName } from './module-meta.js';
import type { JsonWindow, ListQuery, ModuleStore } from './module-store.js';
import {
  compileRecordWriter,
  digits,
  type IndexMap,
  indexMap,
  type JsonPart,
  pick,
  type RecordWriter,
  text,
  time,
  viewOf,
} from './scale-json.js';

export interface ScaleSpec {
  accounts: number;
  orgPrefix: string;
  /** The "now" of the data: the last record is modified one second before it. */
  baseTime: number;
  owners: CrmUser[];
  currency: string;
}

/** Compiled writers kept per field list; a bound, so odd `fields` values cannot grow memory. */
const MAX_WRITERS = 64;

const STAGES = DEAL_STAGES.map((s) => s);
const STAGE_JSON = STAGES.map((s) => JSON.stringify(s.value));
const STAGE_PROBABILITY = STAGES.map((s) => JSON.stringify(s.probability));

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
        Phone: phone(i),
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

  // The same records as JSON parts (scale-json.ts), each value an IndexMap of the record index.
  // Generated text (names, ids, phones) holds only letters, digits, spaces and `+-:@.`, which
  // JSON never escapes; seed-given text (owners, currency, stages) goes through JSON.stringify.
  const owners = ownerRefs.map((o) => JSON.stringify(o));
  const seq = indexMap({ add: 1 });
  const account = module === 'Contacts' ? indexMap({ div: 3 }) : indexMap();
  const accountSeq = { ...account, add: 1 };
  const ref = (name: JsonPart[], idKind: number, idSeq: IndexMap): JsonPart[] => [
    text('{"name":"'),
    ...name,
    text(`","id":"${spec.orgPrefix}${idKind}`),
    digits(idSeq, 11),
    text('"}'),
  ];
  // timeAt(i) = baseTime - (n - i) * 1000
  const modified = indexMap({ mul: 1000, add: spec.baseTime - n * 1000 });
  const quotedTime = [text('"'), time(modified), text('"')];
  const common: [string, JsonPart[]][] = [
    ['Owner', [pick({ ...account, mod: owners.length }, owners)]],
    ['Currency', [text(JSON.stringify(spec.currency))]],
    ['Exchange_Rate', [text('1')]],
    ['Created_Time', quotedTime],
    ['Modified_Time', quotedTime],
  ];
  /** `true` when index % every is 0. */
  const everyNth = (every: number) =>
    pick(indexMap({ mod: every }), ['true', ...Array(every - 1).fill('false')]);
  const fieldParts = new Map<string, JsonPart[]>(
    module === 'Accounts'
      ? [
          ['Account_Name', [text('"Scale Account '), digits(seq, 6), text('"')]],
          ['Phone', [text('"+1 555 '), digits(indexMap({ mod: 10_000 }), 4), text('"')]],
          ['Industry', [text('"Technology"')]],
          ['Zoho_Expense', [everyNth(4)]],
          ...common,
        ]
      : module === 'Contacts'
        ? [
            ['First_Name', [text('"Contact'), digits(indexMap({ mod: 3, add: 1 })), text('"')]],
            ['Last_Name', [text('"Scale '), digits(accountSeq, 6), text('"')]],
            [
              'Full_Name',
              [
                text('"Contact'),
                digits(indexMap({ mod: 3, add: 1 })),
                text(' Scale '),
                digits(accountSeq, 6),
                text('"'),
              ],
            ],
            ['Email', [text('"contact'), digits(seq), text('@scale.example"')]],
            [
              'Account_Name',
              ref([text('Scale Account '), digits(accountSeq, 6)], ID_KIND.Accounts, accountSeq),
            ],
            ['Zoho_Expense', [everyNth(5)]],
            ...common,
          ]
        : [
            ['Deal_Name', [text('"Scale Deal '), digits(seq, 6), text('"')]],
            ['Account_Name', ref([text('Scale Account '), digits(seq, 6)], ID_KIND.Accounts, seq)],
            [
              'Contact_Name',
              ref([text('Contact1 Scale '), digits(seq, 6)], ID_KIND.Contacts, indexMap({ mul: 3, add: 1 })),
            ],
            ['Stage', [pick(indexMap({ mod: STAGES.length }), STAGE_JSON)]],
            ['Probability', [pick(indexMap({ mod: STAGES.length }), STAGE_PROBABILITY)]],
            ['Amount', [digits(indexMap({ mod: 97, mul: 250, add: 1000 }))]],
            ['Closing_Date', [text('"'), time(modified, true), text('"')]],
            ['Pipeline', [text('"Standard (Standard)"')]],
            ...common,
          ],
  );
  const idParts = [text(`"${spec.orgPrefix}${kind}`), digits(seq, 11), text('"')];
  const writers = new Map<string, RecordWriter | null>();

  /**
   * The writer of one record's projection onto `fields`, or null when the generic path must answer:
   * a name Object.prototype has (`constructor`, `__proto__`) makes project() copy an inherited
   * value, which JSON.stringify then drops or which changes the object's prototype.
   */
  function writerFor(fields: string[]): RecordWriter | null {
    const key = fields.join(',');
    let w = writers.get(key);
    if (w !== undefined) return w;
    // project() keeps id first and a repeated field at its first place; unknown fields are null.
    const names = [...new Set(fields)].filter((f) => f !== 'id');
    w = names.some((f) => f in Object.prototype)
      ? null
      : compileRecordWriter(
          n,
          idParts,
          names.map((f) => [f, fieldParts.get(f) ?? [text('null')]]),
        );
    if (writers.size >= MAX_WRITERS) writers.clear();
    writers.set(key, w);
    return w;
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

  /** The indexes of the slice [offset, offset+limit) of the query's records, in order. */
  function windowIndexes(q: ListQuery, offset: number, limit: number): { indexes: number[]; more: boolean } {
    const lo = q.modifiedSince === undefined ? 0 : firstAfter(q.modifiedSince);
    const indexes: number[] = [];
    if (!q.predicate) {
      // Every sort field grows with the index: asc walks up from lo, desc walks down from n-1.
      const total = n - lo;
      for (let k = offset; k < Math.min(total, offset + limit); k++) {
        indexes.push(q.order === 'asc' ? lo + k : n - 1 - k);
      }
      return { indexes, more: offset + limit < total };
    }
    let seen = 0;
    for (let k = 0; k < n - lo; k++) {
      const i = q.order === 'asc' ? lo + k : n - 1 - k;
      if (!q.predicate(make(i))) continue;
      if (seen >= offset) {
        if (indexes.length === limit) return { indexes, more: true };
        indexes.push(i);
      }
      seen++;
    }
    return { indexes, more: false };
  }

  return {
    module,
    readOnly: true,
    get: (id) => {
      const i = indexOf(id);
      return i === undefined ? undefined : make(i);
    },
    window(q, offset, limit) {
      const { indexes, more } = windowIndexes(q, offset, limit);
      return { records: indexes.map(make), more };
    },
    windowJson(q, offset, limit, fields): JsonWindow | undefined {
      const writer = writerFor(fields);
      if (!writer) return undefined;
      const { indexes, more } = windowIndexes(q, offset, limit);
      return {
        count: indexes.length,
        more,
        maxBytes: indexes.length * (writer.maxBytes + 1),
        ascii: writer.ascii,
        write(into, at) {
          const view = viewOf(into);
          let p = at;
          for (let k = 0; k < indexes.length; k++) {
            if (k > 0) into[p++] = 44; // ,
            p = writer(into, view, p, indexes[k]!);
          }
          return p;
        },
      };
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

function phone(i: number): string {
  return `+1 555 ${`${i % 10_000}`.padStart(4, '0')}`;
}

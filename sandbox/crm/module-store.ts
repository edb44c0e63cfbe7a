/**
 * Records of one CRM module in one org. Two implementations behind one interface:
 * - createMemoryModule: the seed's records in a Map, changed by the API and the control API;
 * - createScaleModule (scale-module.ts): N records generated from their index on demand, so
 *   100,000 accounts cost no memory and a page costs O(page size).
 * Both answer window() for list calls: filter, sort, then the slice [offset, offset+limit);
 * scale mode also writes that slice straight to JSON (windowJson).
 */
import type { CrmRecord } from '../data/seed-types.js';
import type { Predicate } from './criteria.js';
import type { ModuleName } from './module-meta.js';

export type SortField = 'id' | 'Created_Time' | 'Modified_Time';

export interface ListQuery {
  sortBy: SortField;
  order: 'asc' | 'desc';
  /** Only records with Modified_Time strictly after this instant (ms). */
  modifiedSince: number | undefined;
  predicate: Predicate | undefined;
}

export interface DeletedRecord {
  id: string;
  display_name: string;
  deleted_time: string;
  deleted_by: { name: string; id: string };
  created_by: { name: string; id: string };
  type: 'recycle' | 'permanent';
}

/** A list page ready to write as JSON: the elements of the `data` array, without the brackets. */
export interface JsonWindow {
  count: number;
  more: boolean;
  /** The most bytes write() can add. */
  maxBytes: number;
  /** Whether write() adds only ASCII bytes. */
  ascii: boolean;
  /** Writes the records, comma-separated, as UTF-8 JSON at `at`; returns where they end. */
  write(into: Buffer, at: number): number;
}

export interface ModuleStore {
  readonly module: ModuleName;
  readonly readOnly: boolean;
  get(id: string): CrmRecord | undefined;
  window(query: ListQuery, offset: number, limit: number): { records: CrmRecord[]; more: boolean };
  /**
   * The same page projected onto `fields`, to write as JSON equal to JSON.stringify of
   * `window(...).records.map((r) => project(r, fields))` without its brackets; undefined when this
   * store (or this field list) has no such fast path.
   */
  windowJson?(query: ListQuery, offset: number, limit: number, fields: string[]): JsonWindow | undefined;
  /** Every live record (search, related lists, duplicate checks). */
  scan(): Iterable<CrmRecord>;
  /** Children whose lookup `field` points at `parentId`. */
  related(field: string, parentId: string): CrmRecord[];
  put(record: CrmRecord): void;
  remove(id: string, deleted: DeletedRecord): boolean;
  deleted(): DeletedRecord[];
}

/** Record times are ISO strings with an offset; compare as instants. */
export function timeOf(value: unknown): number {
  return typeof value === 'string' ? Date.parse(value) : Number.NaN;
}

function sortKey(r: CrmRecord, field: SortField): number | bigint {
  return field === 'id' ? BigInt(r.id) : timeOf(r[field]);
}

export function compareRecords(a: CrmRecord, b: CrmRecord, field: SortField, order: 'asc' | 'desc'): number {
  const ka = sortKey(a, field);
  const kb = sortKey(b, field);
  let c = ka < kb ? -1 : ka > kb ? 1 : 0;
  // Ties (equal times) fall back to id so paging is stable.
  if (c === 0 && field !== 'id') c = BigInt(a.id) < BigInt(b.id) ? -1 : BigInt(a.id) > BigInt(b.id) ? 1 : 0;
  return order === 'asc' ? c : -c;
}

export function matches(r: CrmRecord, q: ListQuery): boolean {
  if (q.modifiedSince !== undefined && !(timeOf(r.Modified_Time) > q.modifiedSince)) return false;
  return q.predicate ? q.predicate(r) : true;
}

export function createMemoryModule(module: ModuleName, records: CrmRecord[]): ModuleStore {
  const byId = new Map<string, CrmRecord>();
  for (const r of records) byId.set(r.id, structuredClone(r));
  const deletedList: DeletedRecord[] = [];
  return {
    module,
    readOnly: false,
    get: (id) => byId.get(id),
    window(q, offset, limit) {
      const rows = [...byId.values()].filter((r) => matches(r, q));
      rows.sort((a, b) => compareRecords(a, b, q.sortBy, q.order));
      return { records: rows.slice(offset, offset + limit), more: offset + limit < rows.length };
    },
    scan: () => byId.values(),
    related(field, parentId) {
      const out: CrmRecord[] = [];
      for (const r of byId.values()) {
        const v = r[field] as { id?: string } | null | undefined;
        if (v && v.id === parentId) out.push(r);
      }
      return out;
    },
    put(record) {
      byId.set(record.id, record);
    },
    remove(id, deleted) {
      if (!byId.delete(id)) return false;
      deletedList.push(deleted);
      return true;
    },
    deleted: () => deletedList,
  };
}

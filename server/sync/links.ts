/**
 * The link table: (org, system, module, external id) → local id. Every sync write goes through it,
 * which is what makes a re-run create nothing twice.
 */
import { CompiledQuery, type Kysely, type Transaction } from 'kysely';
import type { DialectName } from '../db/dialect.js';
import { dialectOf } from '../db/dialect.js';
import type { Database, SyncLinkRow } from '../db/schema.js';
import { type Cell, insertRows, type RowShape, upsertRows } from './bulk-rows.js';

export type Db = Kysely<Database> | Transaction<Database>;
export type System = 'crm' | 'people';

/**
 * `(…) AS l`: the links of a list of (module, external id) pairs, taking parameters 1–3 (org,
 * system, the pairs as one JSON array). On PostgreSQL each pair is looked up on its own in the
 * primary key: with `IN (…)` a planner without fresh statistics (autovacuum off or behind while a
 * sync fills the table) takes a module for a handful of rows and scans all of it on every page.
 */
export function linksOfPairs(dialect: DialectName): string {
  if (dialect === 'sqlite') {
    return `(SELECT * FROM sync_links WHERE org_id = ? AND system = ?
      AND (module, external_id) IN (SELECT value->>0, value->>1 FROM json_each(?))) AS l`;
  }
  return `(SELECT s.* FROM jsonb_array_elements($3::jsonb) AS k
    CROSS JOIN LATERAL (SELECT * FROM sync_links WHERE org_id = $1 AND system = $2
      AND module = k->>0 AND external_id = k->>1 OFFSET 0) AS s) AS l`;
}

/** The pairs parameter of linksOfPairs: each distinct id once. */
export function linkPairs(module: string, externalIds: Iterable<string | null>): Array<[string, string]> {
  const ids = new Set<string>();
  for (const id of externalIds) if (id) ids.add(id);
  return [...ids].map((id) => [module, id]);
}

/** The links of the given external ids (one statement, whatever their number). */
export async function loadLinks(
  db: Db,
  orgId: string,
  system: System,
  module: string,
  externalIds: readonly string[],
): Promise<Map<string, SyncLinkRow>> {
  const out = new Map<string, SyncLinkRow>();
  const pairs = linkPairs(module, externalIds);
  if (pairs.length === 0) return out;
  const { rows } = await db.executeQuery<SyncLinkRow>(
    CompiledQuery.raw(`SELECT l.* FROM ${linksOfPairs(dialectOf(db))}`, [
      orgId,
      system,
      JSON.stringify(pairs),
    ]),
  );
  for (const r of rows) out.set(r.external_id, r);
  return out;
}

/**
 * The local ids a CRM or People record is linked to in any of `modules`, as a subquery: the API's
 * `crm_id` filters find a record by the sync's link with it.
 * @example query.where('deals.deal_id', 'in', linkedLocalIds(db, orgId, 'crm', ['deals'], crmId))
 */
export function linkedLocalIds(
  db: Db,
  orgId: string,
  system: System,
  modules: readonly string[],
  externalId: string,
) {
  return db
    .selectFrom('sync_links')
    .select('sync_links.local_id')
    .where('sync_links.org_id', '=', orgId)
    .where('sync_links.system', '=', system)
    .where('sync_links.module', 'in', [...modules])
    .where('sync_links.external_id', '=', externalId);
}

/** external id → local id, for lookups (owner, account, department…). */
export async function localIds(
  db: Db,
  orgId: string,
  system: System,
  module: string,
  externalIds: ReadonlyArray<string | null>,
): Promise<Map<string, string>> {
  const ids = externalIds.filter((x): x is string => !!x);
  const links = ids.length ? await loadLinks(db, orgId, system, module, ids) : new Map<string, SyncLinkRow>();
  return new Map([...links].map(([k, v]) => [k, v.local_id]));
}

export interface LinkWrite {
  external_id: string;
  local_id: string;
  external_modified_time: string | null;
  local_modified_time: string | null;
  field_hashes: Record<string, string>;
  /**
   * No link exists for this external id: the writer looked it up in the same transaction. It is
   * then inserted plainly (on PostgreSQL an upsert costs half as much again per row). Should one
   * appear meanwhile (a record picked in Search in Zoho CRM), the insert fails and the step is
   * retried, when the look-up finds it, instead of repointing it.
   */
  isNew?: boolean;
}

const LINK_ROW: RowShape = {
  table: 'sync_links',
  columns: [
    'org_id',
    'system',
    'module',
    'external_id',
    'local_id',
    'external_modified_time',
    'local_modified_time',
    'field_hashes',
  ],
};
const LINK_KEY = ['org_id', 'system', 'module', 'external_id'];

/**
 * Creates or repoints links: new ones (isNew) in one insert, the others in one upsert. A repeated
 * external id keeps its last write.
 */
export async function writeLinks(
  db: Db,
  orgId: string,
  system: System,
  module: string,
  links: readonly LinkWrite[],
): Promise<void> {
  const rows = new Map<string, { row: Cell[]; isNew: boolean }>();
  for (const l of links) {
    const row = [
      orgId,
      system,
      module,
      l.external_id,
      l.local_id,
      l.external_modified_time,
      l.local_modified_time,
      JSON.stringify(l.field_hashes),
    ];
    // A write after a new one for the same id still finds no row: it stays an insert.
    const isNew = (l.isNew ?? false) || (rows.get(l.external_id)?.isNew ?? false);
    rows.set(l.external_id, { row, isNew });
  }
  const inserts: Cell[][] = [];
  const upserts: Cell[][] = [];
  for (const { row, isNew } of rows.values()) (isNew ? inserts : upserts).push(row);
  await insertRows(db, LINK_ROW, inserts);
  await upsertRows(db, LINK_ROW, LINK_KEY, upserts);
}

export async function deleteLinks(
  db: Db,
  orgId: string,
  system: System,
  module: string,
  externalIds: readonly string[],
): Promise<void> {
  for (let i = 0; i < externalIds.length; i += 500) {
    await db
      .deleteFrom('sync_links')
      .where('org_id', '=', orgId)
      .where('system', '=', system)
      .where('module', '=', module)
      .where('external_id', 'in', externalIds.slice(i, i + 500))
      .execute();
  }
}

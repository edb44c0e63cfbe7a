/**
 * The link table: (org, system, module, external id) → local id. Every sync write goes through it,
 * which is what makes a re-run create nothing twice.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database, SyncLinkRow } from '../db/schema.js';

export type Db = Kysely<Database> | Transaction<Database>;
export type System = 'crm' | 'people';

/** Large IN lists are split so neither SQLite's nor PostgreSQL's parameter limits are reached. */
const CHUNK = 500;

export async function loadLinks(
  db: Db,
  orgId: string,
  system: System,
  module: string,
  externalIds: readonly string[],
): Promise<Map<string, SyncLinkRow>> {
  const out = new Map<string, SyncLinkRow>();
  const ids = [...new Set(externalIds)];
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await db
      .selectFrom('sync_links')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('system', '=', system)
      .where('module', '=', module)
      .where('external_id', 'in', ids.slice(i, i + CHUNK))
      .execute();
    for (const r of rows) out.set(r.external_id, r);
  }
  return out;
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
}

export async function writeLinks(
  db: Db,
  orgId: string,
  system: System,
  module: string,
  links: readonly LinkWrite[],
): Promise<void> {
  for (let i = 0; i < links.length; i += 100) {
    const rows = links.slice(i, i + 100).map((l) => ({
      org_id: orgId,
      system,
      module,
      external_id: l.external_id,
      local_id: l.local_id,
      external_modified_time: l.external_modified_time,
      local_modified_time: l.local_modified_time,
      field_hashes: JSON.stringify(l.field_hashes),
    }));
    await db
      .insertInto('sync_links')
      .values(rows)
      .onConflict((oc) =>
        oc.columns(['org_id', 'system', 'module', 'external_id']).doUpdateSet((eb) => ({
          local_id: eb.ref('excluded.local_id'),
          external_modified_time: eb.ref('excluded.external_modified_time'),
          local_modified_time: eb.ref('excluded.local_modified_time'),
          field_hashes: eb.ref('excluded.field_hashes'),
        })),
      )
      .execute();
  }
}

export async function deleteLinks(
  db: Db,
  orgId: string,
  system: System,
  module: string,
  externalIds: readonly string[],
): Promise<void> {
  for (let i = 0; i < externalIds.length; i += CHUNK) {
    await db
      .deleteFrom('sync_links')
      .where('org_id', '=', orgId)
      .where('system', '=', system)
      .where('module', '=', module)
      .where('external_id', 'in', externalIds.slice(i, i + CHUNK))
      .execute();
  }
}

import { type Kysely, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { DialectName } from '../../server/db/dialect.js';
import * as m0044 from '../../server/db/migrations/0044_add_contact_name_key.js';
import { customerNameKey } from '../../server/domain/sync-duplicates.js';
import { nameMatches } from '../../server/sync/modules/customer-store.js';
import { DIALECTS, openOwnDatabase } from '../helpers/dialects.js';

async function indexDefinition(db: Kysely<any>, dialect: DialectName): Promise<string | undefined> {
  const { rows } =
    dialect === 'sqlite'
      ? await sql<{
          d: string;
        }>`SELECT sql AS d FROM sqlite_master WHERE name = 'contacts_org_name_key'`.execute(db)
      : await sql<{ d: string }>`SELECT indexdef AS d FROM pg_indexes
          WHERE schemaname = current_schema() AND indexname = 'contacts_org_name_key'`.execute(db);
  return rows[0]?.d;
}

const NAMES = [
  'ÉLAN  du Nord',
  'élan du nord',
  'E\u0301lan du Nord ',
  'STRASSE',
  'Straße',
  '  Acme\t Corp',
  'Ｘ',
];

describe.each(DIALECTS)('migration 0044 on %s', (dialect) => {
  it('fills name_key of existing customers, batch by batch, and indexes it in place of lower(trim(name))', async () => {
    const db = await openOwnDatabase(dialect);
    await m0044.down(db);
    expect(await indexDefinition(db, dialect)).toMatch(/lower/i);
    await sql`INSERT INTO organizations (org_id, name, base_currency, time_zone, created_time)
      VALUES ('org', 'Org', 'EUR', 'UTC', '2026-01-01T00:00:00.000Z')`.execute(db);
    // More rows than one batch, so the backfill's paging is exercised.
    const rows = Array.from({ length: 1234 }, (_, i) => ({
      contact_id: `c${String(i).padStart(5, '0')}`,
      org_id: 'org',
      contact_name: `${NAMES[i % NAMES.length]}${i % 3 === 0 ? '' : ` ${i}`}`,
      customer_sub_type: 'business',
      created_time: '2026-01-01T00:00:00.000Z',
      last_modified_time: '2026-01-01T00:00:00.000Z',
    }));
    for (let i = 0; i < rows.length; i += 100) {
      await (db as Kysely<any>)
        .insertInto('contacts')
        .values(rows.slice(i, i + 100))
        .execute();
    }

    await m0044.up(db);
    const after = await db
      .selectFrom('contacts')
      .select(['contact_id', 'contact_name', 'name_key'])
      .execute();
    expect(after).toHaveLength(rows.length);
    for (const c of after) expect(c.name_key, c.contact_name).toBe(customerNameKey(c.contact_name));
    const definition = await indexDefinition(db, dialect);
    expect(definition).toMatch(/name_key/);
    expect(definition).not.toMatch(/lower/i);
    // The look-up finds every spelling of a name among the migrated rows.
    const found = await db
      .selectFrom('contacts')
      .select('contact_name')
      .where('org_id', '=', 'org')
      .where(nameMatches(['élan du nord']))
      .execute();
    expect(found.length).toBe(rows.filter((r) => customerNameKey(r.contact_name) === 'élan du nord').length);
    expect(new Set(found.map((r) => r.contact_name))).toEqual(
      new Set(['ÉLAN  du Nord', 'élan du nord', 'E\u0301lan du Nord ']),
    );
  });
});

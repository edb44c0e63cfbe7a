import { describe, expect, it } from 'vitest';
import { type LinkWrite, loadLinks, writeLinks } from '../../server/sync/links.js';
import { DIALECTS, openTestDatabase } from '../helpers/dialects.js';

const ORG = 'org-1';

function write(external_id: string, local_id: string, isNew?: boolean): LinkWrite {
  return {
    external_id,
    local_id,
    external_modified_time: '2026-01-01T00:00:00.000Z',
    local_modified_time: '2026-01-01T00:00:00.000Z',
    field_hashes: { contact_name: local_id },
    ...(isNew === undefined ? {} : { isNew }),
  };
}

describe.each(DIALECTS)('writing sync links on %s', (dialect) => {
  it('new links are inserted and known ones repointed, in one call', async () => {
    const { db } = await openTestDatabase(dialect);
    await writeLinks(db, ORG, 'crm', 'contacts', [write('e1', 'l1', true), write('e2', 'l2')]);
    await writeLinks(db, ORG, 'crm', 'contacts', [write('e1', 'l1b'), write('e3', 'l3', true)]);
    const links = await loadLinks(db, ORG, 'crm', 'contacts', ['e1', 'e2', 'e3']);
    expect(Object.fromEntries([...links].map(([k, v]) => [k, v.local_id]))).toEqual({
      e1: 'l1b',
      e2: 'l2',
      e3: 'l3',
    });
    expect(JSON.parse(links.get('e1')!.field_hashes)).toEqual({ contact_name: 'l1b' });
  });

  it('a write after a new one for the same id in one call is still one new link, as last written', async () => {
    const { db } = await openTestDatabase(dialect);
    await writeLinks(db, ORG, 'crm', 'contacts', [write('e1', 'first', true), write('e1', 'second')]);
    const links = await loadLinks(db, ORG, 'crm', 'contacts', ['e1']);
    expect(links.get('e1')?.local_id).toBe('second');
  });

  it('a "new" link that exists after all is refused, never repointed: the step fails and is retried', async () => {
    const { db } = await openTestDatabase(dialect);
    // E.g. a record picked in Search in Zoho CRM after the sync's look-up found no link.
    await writeLinks(db, ORG, 'crm', 'contacts', [write('e1', 'picked')]);
    await expect(
      db
        .transaction()
        .execute((trx) => writeLinks(trx, ORG, 'crm', 'contacts', [write('e1', 'synced', true)])),
    ).rejects.toThrow();
    const links = await loadLinks(db, ORG, 'crm', 'contacts', ['e1']);
    expect(links.get('e1')?.local_id).toBe('picked');
  });
});

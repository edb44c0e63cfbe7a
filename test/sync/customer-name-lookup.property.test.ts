import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { customerNameKey } from '../../server/domain/sync-duplicates.js';
import {
  createCustomerBatch,
  customerColumns,
  nameMatches,
} from '../../server/sync/modules/customer-store.js';
import { DIALECTS } from '../helpers/dialects.js';
import { ADMIN, buildOrgApp } from '../helpers/org-fixture.js';
import { as } from '../helpers/test-app.js';
import { nameAndVariantArb } from './name-variants.js';

/** The ways a customer's name is written: the API (create, rename) and a sync page (insert, update). */
const WRITE_PATHS = ['api-create', 'api-rename', 'sync-insert', 'sync-update'] as const;

describe.each(DIALECTS)('duplicate customer look-up (%s)', (dialect) => {
  it('property: a customer is found by any spelling duplicateKey takes for its name, whichever write stored it, and only such customers are', async () => {
    const t = await buildOrgApp(dialect);
    const { app, db, orgId } = t;
    let n = 0;
    const apiCreate = async (name: string) => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/contacts',
        headers: as(ADMIN),
        payload: { contact_name: name, customer_sub_type: 'business' },
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().contact as { contact_id: string; last_modified_time: string };
    };
    const write = async (path: (typeof WRITE_PATHS)[number], name: string): Promise<string> => {
      const now = new Date().toISOString();
      const id = `prop-${++n}`;
      if (path === 'api-create') return (await apiCreate(name)).contact_id;
      if (path === 'api-rename') {
        const made = await apiCreate(`Placeholder ${n}`);
        const res = await app.inject({
          method: 'PUT',
          url: `/api/v1/contacts/${made.contact_id}`,
          headers: as(ADMIN),
          payload: { contact_name: name, last_modified_time: made.last_modified_time },
        });
        expect(res.statusCode, res.body).toBe(200);
        return made.contact_id;
      }
      const batch = createCustomerBatch(orgId, now);
      const cols = customerColumns(
        { contact_name: path === 'sync-insert' ? name : `Placeholder ${n}` },
        '{}',
      );
      batch.insert({
        contact_id: id,
        contact_name: cols.contact_name!,
        customer_sub_type: 'business',
        cols,
        account_id: null,
      });
      if (path === 'sync-update') {
        await batch.flush(db);
        batch.update(id, { ...customerColumns({ contact_name: name }, '{}') });
      }
      await batch.flush(db);
      return id;
    };

    await fc.assert(
      fc.asyncProperty(
        nameAndVariantArb,
        fc.constantFrom(...WRITE_PATHS),
        async ({ name, variant }, path) => {
          const id = await write(path, name);
          const found = await db
            .selectFrom('contacts')
            .select('contact_id')
            .where('org_id', '=', orgId)
            .where(nameMatches([variant]))
            .execute();
          const all = await db
            .selectFrom('contacts')
            .select(['contact_id', 'contact_name', 'name_key'])
            .execute();
          const expected = all.filter((c) => customerNameKey(c.contact_name) === customerNameKey(variant));
          expect(found.map((r) => r.contact_id).sort()).toEqual(expected.map((r) => r.contact_id).sort());
          expect(found.map((r) => r.contact_id)).toContain(id);
          // Every write stored the key of the name it wrote.
          for (const c of all) expect(c.name_key, c.contact_name).toBe(customerNameKey(c.contact_name));
        },
      ),
      { numRuns: 150 },
    );
  }, 60_000);

  it('an empty list of names matches no customer', async () => {
    const { db, orgId } = await buildOrgApp(dialect);
    const made = createCustomerBatch(orgId, new Date().toISOString());
    const cols = customerColumns({ contact_name: '' }, '{}');
    made.insert({
      contact_id: 'blank',
      contact_name: '',
      customer_sub_type: 'business',
      cols,
      account_id: null,
    });
    await made.flush(db);
    const found = await db.selectFrom('contacts').select('contact_id').where(nameMatches([])).execute();
    expect(found).toEqual([]);
  });
});

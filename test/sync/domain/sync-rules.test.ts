import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nameKeyAt0044 } from '../../../server/db/migrations/0044_add_contact_name_key.js';
import { hashFields, hashValue, mergeFields } from '../../../server/domain/sync-conflicts.js';
import { customerNameKey, duplicateKey, resolveDuplicate } from '../../../server/domain/sync-duplicates.js';
import {
  allocateSeats,
  DEFAULT_FIELD_MAPS,
  managerKeys,
  mapCrmCustomer,
  mapCrmDeal,
  normalizeTime,
  roleForEmployee,
} from '../../../server/domain/sync-mapping.js';
import { nameAndVariantArb, nameArb } from '../name-variants.js';

describe('duplicates (Clone / Overwrite / Skip)', () => {
  it('with no existing match every mode creates the record', () => {
    for (const mode of ['clone', 'overwrite', 'skip'] as const)
      expect(resolveDuplicate(mode, [])).toEqual({ action: 'create' });
  });
  it('Overwrite keeps the oldest match and merges the others into it; Skip keeps the existing one', () => {
    expect(resolveDuplicate('overwrite', ['1', '2', '3'])).toEqual({
      action: 'overwrite',
      targetId: '1',
      mergeIds: ['2', '3'],
    });
    expect(resolveDuplicate('skip', ['7'])).toEqual({ action: 'skip', existingId: '7' });
    expect(resolveDuplicate('clone', ['7'])).toEqual({ action: 'create' });
  });
  it('the duplicate key ignores case and repeated spaces but not the customer type', () => {
    expect(duplicateKey('  Acme   Corp ', 'business')).toBe(duplicateKey('acme corp', 'business'));
    expect(duplicateKey('Acme', 'business')).not.toBe(duplicateKey('Acme', 'individual'));
  });
  it('the duplicate key folds Unicode case and forms, and collapses whitespace of every kind', () => {
    expect(customerNameKey('ÉLAN')).toBe(customerNameKey('élan'));
    expect(customerNameKey('E\u0301lan')).toBe(customerNameKey('élan'));
    expect(customerNameKey('STRASSE')).toBe(customerNameKey('Straße'));
    expect(customerNameKey('ＡＣＭＥ ﬁne')).toBe('acme fine');
    expect(customerNameKey('\u00a0Acme\t\u3000 Corp\n')).toBe('acme corp');
    expect(customerNameKey('Acme Corp')).not.toBe(customerNameKey('AcmeCorp'));
  });
  it('property: a name spelt with other case, whitespace or Unicode form has the same duplicate key', () => {
    fc.assert(
      fc.property(nameAndVariantArb, fc.constantFrom('business', 'individual'), ({ name, variant }, type) => {
        expect(duplicateKey(variant, type)).toBe(duplicateKey(name, type));
      }),
      { numRuns: 2000 },
    );
  });
  it('property: a name key has no surrounding whitespace and single spaces inside, and is its own key', () => {
    fc.assert(
      fc.property(nameArb, (name) => {
        const key = customerNameKey(name);
        expect(key).toBe(key.trim());
        expect(key.replace(/\s+/g, ' ')).toBe(key);
        expect(customerNameKey(key)).toBe(key);
      }),
      { numRuns: 2000 },
    );
  });
  it('property: migration 0044 filled name_key with the key customerNameKey computes (else a new migration must refill it)', () => {
    fc.assert(
      fc.property(
        fc.oneof(nameArb, fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme-ascii' })),
        (name) => {
          expect(nameKeyAt0044(name)).toBe(customerNameKey(name));
        },
      ),
      { numRuns: 2000 },
    );
  });
  it('property: Overwrite never loses a candidate (target plus merged = all candidates)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string(), { minLength: 1 }), (ids) => {
        const d = resolveDuplicate('overwrite', ids);
        expect(d.action === 'overwrite' && [d.targetId, ...d.mergeIds]).toEqual(ids);
      }),
    );
  });
});

describe('two-way merge and conflicts', () => {
  const base = hashFields({ phone: '1', email: 'a@x' });
  it('a field changed only remotely takes the remote value; only locally keeps and pushes the local one', () => {
    const r = mergeFields(
      base,
      { phone: '1', email: 'b@x' },
      { phone: '2', email: 'a@x' },
      '2026-01-02T00:00:00Z',
      '2026-01-01T00:00:00Z',
    );
    expect(r.merged).toEqual({ phone: '2', email: 'b@x' });
    expect(r.conflicts).toEqual([]);
    expect(r.pushFields).toEqual(['email']);
  });
  it('a field changed on both sides to different values is a conflict; the newer side wins meanwhile', () => {
    const r = mergeFields(
      base,
      { phone: 'L', email: 'a@x' },
      { phone: 'R', email: 'a@x' },
      '2026-01-03T00:00:00Z',
      '2026-01-01T00:00:00Z',
    );
    expect(r.conflicts).toEqual([{ field: 'phone', local: 'L', remote: 'R' }]);
    expect(r.merged.phone).toBe('L');
    const older = mergeFields(
      base,
      { phone: 'L' },
      { phone: 'R' },
      '2026-01-01T00:00:00Z',
      '2026-01-03T00:00:00Z',
    );
    expect(older.merged.phone).toBe('R');
  });
  it('property: with no local change the result is exactly the remote values and nothing conflicts', () => {
    const values = fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd'), fc.option(fc.string(), { nil: null }));
    fc.assert(
      fc.property(values, values, (agreed, remote) => {
        const local = { ...agreed };
        const r = mergeFields(
          hashFields(agreed),
          local,
          remote,
          '2026-01-01T00:00:00Z',
          '2026-01-02T00:00:00Z',
        );
        expect(r.conflicts).toEqual([]);
        for (const k of Object.keys(remote)) expect(r.merged[k]).toBe(remote[k]);
      }),
    );
  });
  it('property: equal values on both sides never conflict', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (b, v) => {
        expect(
          mergeFields({ f: hashValue(b) }, { f: v }, { f: v }, '2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z')
            .conflicts,
        ).toEqual([]);
      }),
    );
  });
});

describe('mapping CRM and People records', () => {
  it('an account becomes a business customer, a contact an individual of its account', () => {
    const a = mapCrmCustomer('Accounts', { Account_Name: 'Zylker', Phone: '1' }, DEFAULT_FIELD_MAPS.Accounts);
    expect(a).toMatchObject({
      ok: true,
      subType: 'business',
      values: { contact_name: 'Zylker', phone: '1' },
    });
    const c = mapCrmCustomer(
      'Contacts',
      { First_Name: 'Ann', Last_Name: 'Lee', Account_Name: { name: 'Zylker', id: '9' } },
      DEFAULT_FIELD_MAPS.Contacts,
    );
    expect(c).toMatchObject({
      ok: true,
      subType: 'individual',
      accountExternalId: '9',
      values: { contact_name: 'Ann Lee' },
    });
    expect(mapCrmCustomer('Accounts', { Account_Name: '' }, {})).toEqual({ ok: false, reason: 'NO_NAME' });
  });
  it('custom fields map to custom:<label>', () => {
    const a = mapCrmCustomer(
      'Accounts',
      { Account_Name: 'Z', Region__c: 'EU' },
      { Region__c: 'custom:Region' },
    );
    expect(a.ok && a.values['custom:Region']).toBe('EU');
  });
  it('a deal takes its forecast type from the stage metadata, its amount in minor units', () => {
    const forecasts = new Map([['Lost Big', 'Closed Lost']]);
    const d = mapCrmDeal(
      { Deal_Name: 'D', Stage: 'Lost Big', Amount: 1234.5, Closing_Date: '2026-05-01', Owner: { id: 'u1' } },
      forecasts,
      'USD',
    );
    expect(d).toMatchObject({
      ok: true,
      deal: { forecast_type: 'Closed Lost', amount: 123450, closing_date: '2026-05-01' },
      ownerExternalId: 'u1',
    });
    expect(mapCrmDeal({ Deal_Name: 'D', Stage: 'Closed Won' }, new Map(), 'USD')).toMatchObject({
      ok: true,
      deal: { forecast_type: 'Open', amount: null },
    });
  });
  it('seats: active CRM users take free seats in order, the rest are inactive; users already active keep theirs', () => {
    const users = [
      { activeInSource: true, alreadyActive: false },
      { activeInSource: true, alreadyActive: true },
      { activeInSource: false, alreadyActive: false },
      { activeInSource: true, alreadyActive: false },
    ];
    expect(allocateSeats(users, 3, 4)).toEqual([true, true, false, false]);
  });
  it('property: seats never exceed the plan beyond users already active', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ activeInSource: fc.boolean(), alreadyActive: fc.boolean() })),
        fc.nat(50),
        fc.nat(50),
        (us, inUse, seats) => {
          const r = allocateSeats(us, inUse, seats);
          const fresh = r.filter((a, i) => a && !us[i]!.alreadyActive).length;
          expect(fresh).toBeLessThanOrEqual(Math.max(0, seats - inUse));
        },
      ),
    );
  });
  it('employees with someone reporting to them are approvers (by Reporting_To.ID or MailID)', () => {
    const emps = [
      { Zoho_ID: '1', EmailID: 'boss@x' },
      { Zoho_ID: '2', EmailID: 'a@x', 'Reporting_To.ID': '1' },
      { Zoho_ID: '3', EmailID: 'b@x', 'Reporting_To.MailID': 'A@x' },
    ];
    const m = managerKeys(emps);
    expect(emps.map((e) => roleForEmployee(e, m))).toEqual(['approver', 'approver', 'submitter']);
  });
  it('times: Zoho offsets and People epoch milliseconds become ISO UTC', () => {
    expect(normalizeTime('2026-03-04T10:20:30+05:30')).toBe('2026-03-04T04:50:30.000Z');
    expect(normalizeTime('1668492530492')).toBe('2022-11-15T06:08:50.492Z');
    expect(normalizeTime('')).toBeNull();
  });
});

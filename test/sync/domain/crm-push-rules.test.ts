import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  agreedAfterPush,
  changedFields,
  customerSyncFields,
  planCustomerPush,
  splitName,
} from '../../../server/domain/crm-customer-push.js';
import {
  type CrmValueKind,
  mappingProblem,
  toCrmValue,
  writableKind,
} from '../../../server/domain/crm-field-values.js';
import { hashFields } from '../../../server/domain/sync-conflicts.js';
import { DEFAULT_FIELD_MAPS } from '../../../server/domain/sync-mapping.js';

const TEXT = new Map<string, CrmValueKind>([
  ['Account_Name', 'text'],
  ['Phone', 'text'],
  ['First_Name', 'text'],
  ['Last_Name', 'text'],
  ['Email', 'text'],
]);

describe('CRM field values', () => {
  it('converts text to the JSON type of the CRM field, and refuses what is not one', () => {
    expect(toCrmValue('boolean', 'TRUE')).toEqual({ ok: true, value: true });
    expect(toCrmValue('integer', ' 42 ')).toEqual({ ok: true, value: 42 });
    expect(toCrmValue('decimal', '1250.50')).toEqual({ ok: true, value: 1250.5 });
    expect(toCrmValue('date', '2026-02-28')).toEqual({ ok: true, value: '2026-02-28' });
    expect(toCrmValue('datetime', '2026-03-04T10:20:30.123Z')).toEqual({
      ok: true,
      value: '2026-03-04T10:20:30+00:00',
    });
    expect(toCrmValue('text', 'anything')).toEqual({ ok: true, value: 'anything' });
    expect(toCrmValue('integer', null)).toEqual({ ok: true, value: null });
    expect(toCrmValue('boolean', 'maybe')).toMatchObject({ ok: false });
    expect(toCrmValue('integer', '4.5')).toMatchObject({ ok: false });
    expect(toCrmValue('decimal', '12 EUR')).toMatchObject({ ok: false });
    expect(toCrmValue('date', '2026-02-30')).toMatchObject({ ok: false });
    expect(toCrmValue('date', '2026-13-01')).toMatchObject({ ok: false });
    expect(toCrmValue('datetime', '2026-03-04')).toMatchObject({ ok: false });
  });

  it('what the pull makes of a CRM value converts back to that value', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (d) => {
        const back = toCrmValue('decimal', String(d));
        expect(back.ok && Object.is(back.value, d === 0 ? 0 : d)).toBe(true);
      }),
    );
    fc.assert(
      fc.property(fc.maxSafeInteger(), (n) => {
        expect(toCrmValue('integer', String(n))).toEqual({ ok: true, value: n });
      }),
    );
    fc.assert(
      fc.property(fc.boolean(), (b) => {
        expect(toCrmValue('boolean', String(b))).toEqual({ ok: true, value: b });
      }),
    );
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1900-01-01'), max: new Date('2999-12-31'), noInvalidDate: true }),
        (d) => {
          const day = d.toISOString().slice(0, 10);
          expect(toCrmValue('date', day)).toEqual({ ok: true, value: day });
        },
      ),
    );
  });

  it('a push writes scalar fields CRM lets it write, never read-only or computed ones or lookups', () => {
    expect(writableKind({ api_name: 'Visits', data_type: 'integer' })).toBe('integer');
    expect(writableKind({ api_name: 'Full_Name', data_type: 'text', read_only: true })).toBeUndefined();
    expect(writableKind({ api_name: 'Score', data_type: 'formula' })).toBeUndefined();
    expect(writableKind({ api_name: 'Account_Name', data_type: 'lookup' })).toBeUndefined();
  });

  it("DealSpend's own fields take text fields only; custom fields take any single value", () => {
    const flag = { api_name: 'Zoho_Expense', data_type: 'boolean' };
    expect(mappingProblem('Accounts', 'phone', flag)).toMatch(/true\/false values.*custom field/);
    expect(mappingProblem('Accounts', 'custom:Expense', flag)).toBeUndefined();
    expect(mappingProblem('Accounts', 'email', { api_name: 'Email_2', data_type: 'email' })).toBeUndefined();
    expect(
      mappingProblem('Accounts', 'custom:Owner', { api_name: 'Owner', data_type: 'ownerlookup' }),
    ).toMatch(/ownerlookup field/);
    // Pulled only: a contact's account (a lookup), and what CRM computes.
    expect(
      mappingProblem('Contacts', 'company_name', { api_name: 'Account_Name', data_type: 'lookup' }),
    ).toBeUndefined();
    expect(
      mappingProblem('Contacts', 'custom:Score', { api_name: 'Score', data_type: 'formula' }),
    ).toBeUndefined();
  });
});

describe('what a push sends', () => {
  const contactFields = customerSyncFields('Contacts', DEFAULT_FIELD_MAPS.Contacts);
  const contact = {
    contact_name: 'Jon Smith',
    first_name: 'Jon',
    last_name: 'Smith',
    email: 'jon@x.example',
    phone: null,
    company_name: 'Acme',
    account_id: 'local-acme',
  };

  it("compares every mapped field, the name, the company and a contact's account", () => {
    expect(contactFields.sort()).toEqual(
      ['account_id', 'company_name', 'contact_name', 'email', 'first_name', 'last_name', 'phone'].sort(),
    );
    expect(customerSyncFields('Accounts', DEFAULT_FIELD_MAPS.Accounts).sort()).toEqual(
      ['company_name', 'contact_name', 'phone'].sort(),
    );
  });

  it("a contact's new name is split into First_Name and Last_Name unless their own edits are sent", () => {
    const base = { module: 'Contacts' as const, map: DEFAULT_FIELD_MAPS.Contacts, writable: TEXT };
    const renamed = { ...contact, contact_name: 'Mary Ann Lee' };
    expect(planCustomerPush({ ...base, local: renamed, send: new Set(['contact_name']) })).toEqual({
      ok: true,
      record: { First_Name: 'Mary Ann', Last_Name: 'Lee' },
      sent: ['contact_name'],
      waiting: [],
    });
    const both = { ...renamed, first_name: 'Mary' };
    expect(planCustomerPush({ ...base, local: both, send: new Set(['contact_name', 'first_name']) })).toEqual(
      {
        ok: true,
        record: { First_Name: 'Mary' },
        sent: ['first_name'],
        waiting: [],
      },
    );
  });

  it("a contact's account goes as a lookup, or waits while its account is not in CRM", () => {
    const base = { module: 'Contacts' as const, map: DEFAULT_FIELD_MAPS.Contacts, writable: TEXT };
    const send = new Set(['account_id']);
    expect(planCustomerPush({ ...base, local: contact, send, accountCrmId: '4876' })).toMatchObject({
      record: { Account_Name: { id: '4876' } },
      sent: ['account_id'],
    });
    expect(planCustomerPush({ ...base, local: contact, send, accountCrmId: undefined })).toMatchObject({
      record: {},
      sent: [],
      waiting: ['account_id'],
    });
    // A contact's company name has no CRM field of its own.
    expect(planCustomerPush({ ...base, local: contact, send: new Set(['company_name']) })).toMatchObject({
      record: {},
      sent: [],
    });
  });

  it("an account's name is its Account_Name; its company name goes there when the name does not", () => {
    const accounts = { module: 'Accounts' as const, map: DEFAULT_FIELD_MAPS.Accounts, writable: TEXT };
    const local = { contact_name: 'Acme', company_name: 'Acme Holdings', phone: null };
    expect(planCustomerPush({ ...accounts, local, send: new Set(['company_name']) })).toMatchObject({
      record: { Account_Name: 'Acme Holdings' },
      sent: ['company_name'],
    });
    expect(
      planCustomerPush({ ...accounts, local, send: new Set(['company_name', 'contact_name']) }),
    ).toMatchObject({ record: { Account_Name: 'Acme' }, sent: ['contact_name'] });
  });

  it('a custom field goes as the type of its CRM field, and a value it cannot take stops the record', () => {
    const map = { ...DEFAULT_FIELD_MAPS.Accounts, Visits__c: 'custom:Visits' };
    const writable = new Map([...TEXT, ['Visits__c', 'integer' as const]]);
    const p = { module: 'Accounts' as const, map, writable, send: new Set(['custom:Visits']) };
    expect(
      planCustomerPush({
        ...p,
        local: { contact_name: 'A', company_name: 'A', phone: null, 'custom:Visits': '7' },
      }),
    ).toMatchObject({ ok: true, record: { Visits__c: 7 } });
    expect(
      planCustomerPush({
        ...p,
        local: { contact_name: 'A', company_name: 'A', phone: null, 'custom:Visits': 'often' },
      }),
    ).toEqual({
      ok: false,
      field: 'custom:Visits',
      crmField: 'Visits__c',
      value: 'often',
      expected: 'whole numbers',
    });
  });

  it('sends only changed fields, and once CRM took them they are changed no more', () => {
    const valueArb = fc.option(fc.string({ maxLength: 8 }), { nil: null });
    const valuesArb = fc.record(Object.fromEntries(contactFields.map((f) => [f, valueArb])));
    fc.assert(
      fc.property(
        valuesArb,
        valuesArb,
        fc.option(fc.constantFrom('4876', null), { nil: undefined }),
        (was, now, crmAccount) => {
          const agreed = hashFields(was);
          const send = changedFields(agreed, now);
          const plan = planCustomerPush({
            module: 'Contacts',
            map: DEFAULT_FIELD_MAPS.Contacts,
            writable: TEXT,
            local: now,
            send,
            accountCrmId: crmAccount,
          });
          if (!plan.ok) return;
          for (const f of [...plan.sent, ...plan.waiting]) expect(send.has(f)).toBe(true);
          const after = changedFields(agreedAfterPush(agreed, now, plan.sent), now);
          for (const f of plan.sent) expect(after.has(f)).toBe(false);
          // What was not sent still counts as changed.
          for (const f of send) if (!plan.sent.includes(f)) expect(after.has(f)).toBe(true);
        },
      ),
    );
  });

  it('a name split into First_Name and Last_Name reads back as the same name', () => {
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[A-Za-zÀ-ÿ'-]{1,8}$/), { minLength: 1, maxLength: 4 }),
        fc.constantFrom(' ', '  ', '\t'),
        (words, gap) => {
          const split = splitName(` ${words.join(gap)} `);
          expect([split.First_Name, split.Last_Name].filter(Boolean).join(' ')).toBe(words.join(' '));
        },
      ),
    );
  });
});

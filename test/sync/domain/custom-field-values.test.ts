/**
 * A custom field's value keeps its JSON type across a push to Zoho CRM and the pull after it, and
 * the sync, which compares values as text, sees the typed value and its text as the same.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ContactRow } from '../../../server/db/schema.js';
import {
  type CrmValueKind,
  type CustomValue,
  pulledValue,
  toCrmValue,
} from '../../../server/domain/crm-field-values.js';
import { mapCrmCustomer } from '../../../server/domain/sync-mapping.js';
import { customerColumns, customerValues } from '../../../server/sync/modules/customer-store.js';

const MAP = { Account_Name: 'contact_name', Employees: 'custom:Staff' };

/** A customer holding `custom` as its custom fields, as the contacts table has it. */
function rowWith(custom: Record<string, CustomValue>): ContactRow {
  return { custom_fields: JSON.stringify(custom) } as ContactRow;
}

/** DealSpend's value → the JSON value CRM gets → the text the mapping makes of it → DealSpend's value. */
function roundTrip(kind: CrmValueKind, value: CustomValue): CustomValue {
  const local = customerValues(rowWith({ Staff: value }), ['custom:Staff'])['custom:Staff'] ?? null;
  const sent = toCrmValue(kind, local);
  if (!sent.ok) throw new Error(`not sent: ${local}`);
  const pulled = mapCrmCustomer('Accounts', { Account_Name: 'Zylker', Employees: sent.value }, MAP);
  if (!pulled.ok) throw new Error('no name');
  const cols = customerColumns(pulled.values, '{}', new Map([['custom:Staff', kind]]));
  return (JSON.parse(cols.custom_fields) as Record<string, CustomValue>).Staff ?? null;
}

const KINDS: CrmValueKind[] = ['text', 'boolean', 'integer', 'decimal', 'date', 'datetime'];

describe('custom field values pulled from Zoho CRM', () => {
  it('a number or boolean pushed to its CRM field comes back from the pull as the same JSON value', () => {
    const cases: Array<[CrmValueKind, fc.Arbitrary<CustomValue>]> = [
      ['integer', fc.maxSafeInteger()],
      ['decimal', fc.double({ noNaN: true, noDefaultInfinity: true })],
      ['decimal', fc.integer()],
      ['boolean', fc.boolean()],
      ['text', fc.string({ minLength: 1 }).filter((s) => s.trim() === s)],
    ];
    for (const [kind, arb] of cases) {
      fc.assert(
        fc.property(arb, (value) => {
          // JSON has no -0: 0 and -0 are the same JSON value.
          expect(JSON.stringify(roundTrip(kind, value))).toBe(JSON.stringify(value));
        }),
      );
    }
  });

  it('types CRM values by the field: integer and decimal fields give numbers, boolean fields booleans', () => {
    expect(pulledValue('integer', '250')).toBe(250);
    expect(pulledValue('decimal', '1250000.5')).toBe(1250000.5);
    expect(pulledValue('decimal', '5e-7')).toBe(5e-7);
    expect(pulledValue('boolean', 'true')).toBe(true);
    expect(pulledValue('boolean', 'false')).toBe(false);
    expect(pulledValue('text', '42')).toBe('42');
    expect(pulledValue('date', '2026-01-02')).toBe('2026-01-02');
    expect(pulledValue(undefined, 'true')).toBe('true');
    expect(pulledValue('integer', null)).toBe(null);
  });

  it('text that is not exactly a clean value of the field stays text', () => {
    for (const [kind, text] of [
      ['integer', '012'],
      ['integer', '12.5'],
      ['integer', '9007199254740993'],
      ['integer', '-0'],
      ['decimal', '1.50'],
      ['decimal', ' 12'],
      ['decimal', '0x10'],
      ['decimal', 'Infinity'],
      ['decimal', ''],
      ['boolean', 'True'],
      ['boolean', 'yes'],
    ] as const) {
      expect(pulledValue(kind, text), `${kind} ${text}`).toBe(text);
    }
  });

  it('never loses text: a pulled value is the text, or a value whose text is exactly it', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...KINDS),
        fc.oneof(fc.string(), fc.double().map(String), fc.integer().map(String)),
        (kind, text) => {
          const v = pulledValue(kind, text);
          expect(typeof v === 'string' ? v : String(v)).toBe(text);
        },
      ),
    );
  });
});

describe('custom fields written by a pull', () => {
  const kinds = new Map<string, CrmValueKind>([
    ['custom:Staff', 'integer'],
    ['custom:Revenue', 'decimal'],
    ['custom:Flag', 'boolean'],
  ]);

  it('a value whose text did not change keeps its stored JSON exactly, so the customer is not updated', () => {
    const held = JSON.stringify({ Staff: 250, Revenue: 12.5, Flag: true, Note: 'x', Code: '12.5' });
    const values = {
      'custom:Staff': '250',
      'custom:Revenue': '12.5',
      'custom:Flag': 'true',
      'custom:Code': '12.5',
    };
    expect(customerColumns(values, held, kinds).custom_fields).toBe(held);
    // Without the field types too: nobody changed the value.
    expect(customerColumns(values, held).custom_fields).toBe(held);
  });

  it('a changed or new value takes the type of its CRM field, and is text when the type is not known', () => {
    const held = JSON.stringify({ Staff: 250, Flag: true });
    const values = { 'custom:Staff': '300', 'custom:Revenue': '99.5', 'custom:Flag': 'false' };
    expect(JSON.parse(customerColumns(values, held, kinds).custom_fields)).toEqual({
      Staff: 300,
      Flag: false,
      Revenue: 99.5,
    });
    expect(JSON.parse(customerColumns(values, held).custom_fields)).toEqual({
      Staff: '300',
      Flag: 'false',
      Revenue: '99.5',
    });
    expect(JSON.parse(customerColumns({ 'custom:Staff': null }, held, kinds).custom_fields)).toEqual({
      Staff: null,
      Flag: true,
    });
  });

  it('the sync compares what a pull stores as the text it pulled', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...KINDS),
        fc.option(fc.oneof(fc.string(), fc.double().map(String), fc.boolean().map(String)), { nil: null }),
        fc.dictionary(fc.constantFrom('Staff', 'Other'), fc.oneof(fc.string(), fc.double(), fc.boolean())),
        (kind, text, held) => {
          const cols = customerColumns(
            { 'custom:Staff': text },
            JSON.stringify(held),
            new Map([['custom:Staff', kind]]),
          );
          const row = { custom_fields: cols.custom_fields } as ContactRow;
          expect(customerValues(row, ['custom:Staff'])).toEqual({ 'custom:Staff': text });
        },
      ),
    );
  });

  it('standard columns stay text', () => {
    const cols = customerColumns({ phone: '12345', contact_name: 'true' }, '{}', kinds);
    expect(cols).toMatchObject({ phone: '12345', contact_name: 'true' });
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CUSTOMER_FIELD_LABELS,
  type CustomFieldNames,
  customerFieldLabel,
  needsCrmLabel,
} from '../../../server/domain/customer-field-labels.js';

const names = (over: Partial<CustomFieldNames> = {}): CustomFieldNames => ({
  defined: new Set(['Region']),
  fieldMap: { Region__c: 'custom:Region', Mailing_City: 'custom:City', Email: 'email' },
  crmLabels: new Map([
    ['Region__c', 'Sales region'],
    ['Mailing_City', 'Mailing City'],
  ]),
  ...over,
});

describe('customer field labels', () => {
  it("built-in fields take DealSpend's labels, a contact's account included", () => {
    expect(customerFieldLabel('account_id', names())).toBe('Account');
    expect(customerFieldLabel('first_name', names())).toBe('First name');
    expect(customerFieldLabel('email', names())).toBe('Email');
    expect(customerFieldLabel('phone', names())).toBe('Phone');
    expect(customerFieldLabel('contact_name', names())).toBe('Customer name');
  });

  it("a custom field the org defines is called by its name, even when CRM's field has another label", () => {
    expect(customerFieldLabel('custom:Region', names())).toBe('Region');
    expect(needsCrmLabel('custom:Region', names())).toBe(false);
  });

  it('a custom field the org does not define takes the CRM label of the field mapped to it, else its name', () => {
    expect(needsCrmLabel('custom:City', names())).toBe(true);
    expect(customerFieldLabel('custom:City', names())).toBe('Mailing City');
    expect(customerFieldLabel('custom:City', names({ crmLabels: new Map() }))).toBe('City');
    expect(customerFieldLabel('custom:cf_region', names())).toBe('cf_region');
  });

  it('an unknown key reads as words, and an inherited name is no built-in field', () => {
    expect(customerFieldLabel('billing_city', names())).toBe('Billing city');
    expect(customerFieldLabel('constructor', names())).toBe('Constructor');
  });

  it('a defined custom field is always its name, whatever the mapping and CRM labels say', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Za-z0-9 _-]{1,60}$/),
        fc.dictionary(fc.string(), fc.string()),
        fc.dictionary(fc.string(), fc.string()),
        (name, fieldMap, crm) => {
          const label = customerFieldLabel(`custom:${name}`, {
            defined: new Set([name]),
            fieldMap,
            crmLabels: new Map(Object.entries(crm)),
          });
          expect(label).toBe(name);
        },
      ),
    );
  });

  it('no label is empty or the raw key of a built-in or custom field', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.constantFrom(...Object.keys(CUSTOMER_FIELD_LABELS)),
          fc.stringMatching(/^custom:[A-Za-z0-9 _-]{1,60}$/),
        ),
        fc.boolean(),
        (field, defined) => {
          const label = customerFieldLabel(field, {
            defined: new Set(defined ? [field.replace(/^custom:/, '')] : []),
            fieldMap: {},
            crmLabels: new Map(),
          });
          expect(label).not.toBe('');
          expect(label).not.toBe(field);
        },
      ),
    );
  });
});

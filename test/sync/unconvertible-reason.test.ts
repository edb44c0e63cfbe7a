/**
 * A value CRM's field cannot take stays pending; the run's failures say why, naming the DealSpend
 * field as Settings names it (not by its key).
 */
import { describe, expect, it } from 'vitest';
import { unconvertibleReason } from '../../server/sync/modules/crm-customers.js';

describe('the reason a pushed value is held back', () => {
  it('names built-in fields by their label and custom fields by their name', () => {
    const expected = 'a whole number';
    expect(
      unconvertibleReason({ field: 'contact_name', crmField: 'Employees', value: 'Acme', expected }),
    ).toBe(
      `DealSpend's customer name "Acme" cannot be written to Zoho CRM's Employees, which holds a whole number; the customer is sent once it holds one.`,
    );
    expect(unconvertibleReason({ field: 'account_id', crmField: 'Employees', value: 'x', expected })).toMatch(
      /^DealSpend's account "x"/,
    );
    expect(
      unconvertibleReason({ field: 'custom:Staff', crmField: 'Employees', value: 'ten', expected }),
    ).toMatch(/^DealSpend's custom field Staff "ten"/);
    expect(
      unconvertibleReason({ field: 'constructor', crmField: 'Employees', value: 'x', expected }),
    ).toMatch(/^DealSpend's constructor "x"/);
  });
});

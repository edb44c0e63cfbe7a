import { afterEach, describe, expect, it, vi } from 'vitest';
import { CustomerPicker } from '../../../../widget/features/expenses/customer-picker.js';
import { button, byLabel, click, fakeApi, mount, ok, page, settle, type } from './fake-api.js';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

describe('Customer picker', () => {
  it('suggests DealSpend customers as the user types', async () => {
    const server = fakeApi({
      'GET /api/v1/contacts': (req) =>
        ok({
          contacts:
            req.query.get('search_text') === 'zyl'
              ? [{ contact_id: 'cu-1', contact_name: 'Zylker Inc', customer_sub_type: 'business' }]
              : [],
          page_context: page,
        }),
    });
    const onPick = vi.fn();
    const view = mount(<CustomerPicker label="Customer" customerId="" onPick={onPick} />, {
      api: server.api,
    });
    cleanup = view.unmount;
    type(byLabel(view.root, 'Customer'), 'zyl');
    await settle();
    click(button(view.root, 'Zylker Inc (account)'));
    expect(onPick).toHaveBeenCalledWith(expect.objectContaining({ contact_id: 'cu-1' }));
  });

  it('Search in Zoho CRM finds an account’s contacts and brings the picked one into DealSpend', async () => {
    const server = fakeApi({
      'GET /api/v1/integrations/crm/search': ok({
        results: [
          {
            module: 'Accounts',
            crm_id: 'A1',
            name: 'Zylker Inc',
            email: null,
            account_name: null,
            customer_id: null,
            contacts: [
              {
                module: 'Contacts',
                crm_id: 'C7',
                name: 'Kim Lee',
                email: null,
                account_name: null,
                customer_id: null,
              },
            ],
          },
        ],
      }),
      'POST /api/v1/integrations/crm/import': ok({ customer_id: 'cu-77', created: true }),
    });
    const onPick = vi.fn();
    const view = mount(<CustomerPicker label="Customer" customerId="" onPick={onPick} />, {
      api: server.api,
    });
    cleanup = view.unmount;
    click(button(view.root, 'Search in Zoho CRM'));
    type(byLabel(view.root, 'Search') as unknown as HTMLSelectElement, 'accounts');
    type(byLabel(view.root, 'Name'), 'Zylker');
    click(button(view.root, 'Search'));
    await settle();
    expect(server.callsTo('GET /api/v1/integrations/crm/search')[0]?.query.toString()).toBe(
      'type=accounts&q=Zylker',
    );
    click(button(view.root, 'Kim Lee — Zylker Inc'));
    await settle();
    expect(server.callsTo('POST /api/v1/integrations/crm/import')[0]?.body).toEqual({
      module: 'Contacts',
      id: 'C7',
    });
    expect(onPick).toHaveBeenCalledWith({
      contact_id: 'cu-77',
      contact_name: 'Kim Lee',
      customer_type: 'individual',
    });
  });

  it('Search in Zoho CRM says so when nothing matches', async () => {
    const server = fakeApi({ 'GET /api/v1/integrations/crm/search': ok({ results: [] }) });
    const view = mount(<CustomerPicker label="Customer" customerId="" onPick={vi.fn()} />, {
      api: server.api,
    });
    cleanup = view.unmount;
    click(button(view.root, 'Search in Zoho CRM'));
    expect(view.root.querySelector('[role="status"]')).toBeNull();
    type(byLabel(view.root, 'Name'), 'Nobody');
    click(button(view.root, 'Search'));
    await settle();
    expect(view.root.querySelector('[role="status"]')?.textContent).toBe(
      'Nothing in Zoho CRM matches “Nobody”.',
    );
  });
});

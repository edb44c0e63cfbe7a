import { describe, expect, it } from 'vitest';
import { serverRefusal } from './server-bodies.js';

describe("the widget tests' fake servers refuse what the real server would", () => {
  it('refuses a field a strict body does not take, naming it', () => {
    const why = serverRefusal('PUT', '/api/v1/integrations/crm/settings', {
      customers: { module: 'accounts', configured: true },
    });
    expect(why).toContain('/customers');
    expect(why).toContain('additional properties');
  });

  it('refuses text where the server wants a number, on a route with a path parameter', () => {
    expect(serverRefusal('PUT', '/api/v1/expenses/e1', { amount: '12' })).toContain('/amount');
  });

  it('takes a body the server takes, and leaves it as sent', () => {
    const body = { customers: { module: 'accounts', account_view_id: null } };
    expect(serverRefusal('PUT', '/api/v1/integrations/crm/settings', body)).toBeNull();
    expect(body).toEqual({ customers: { module: 'accounts', account_view_id: null } });
  });

  it('prefers a fixed path over a parameter: /expenses/bulkdelete is not /expenses/{expense_id}', () => {
    expect(serverRefusal('POST', '/api/v1/expenses/bulkdelete', { expense_ids: ['e1'] })).toBeNull();
    expect(serverRefusal('POST', '/api/v1/expenses/bulkdelete', { expense_ids: 'e1' })).toContain(
      '/expense_ids',
    );
  });

  it('says nothing of a route the server does not have', () => {
    expect(serverRefusal('POST', '/api/v1/nowhere', { anything: true })).toBeNull();
  });
});

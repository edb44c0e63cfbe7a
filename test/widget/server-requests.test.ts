import { describe, expect, it } from 'vitest';
import { serverQueryRefusal, serverRefusal } from './server-requests.js';

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

  it('checks a body on a route documented with a trailing slash, sent without one', () => {
    expect(serverRefusal('POST', '/api/v1/settings/approvalrules', { level: 1 })).toContain('body');
    expect(
      serverRefusal('POST', '/api/v1/settings/approvalrules', { level: 2, approver_type: 'department_head' }),
    ).toBeNull();
  });
});

describe("the widget tests' fake servers refuse a query string the real server would", () => {
  const q = (s: string) => new URLSearchParams(s);

  it('names a parameter the route does not declare, and what it takes', () => {
    expect(serverQueryRefusal('GET', '/api/v1/settings/approvalrules', q('per_page=200'))).toBe(
      "Unknown query parameter 'per_page'. Accepted: organization_id.",
    );
    expect(serverQueryRefusal('GET', '/api/v1/expenses', q('stauts=draft&deal=1'))).toMatch(
      /^Unknown query parameters 'stauts', 'deal'\. Accepted: .*status/,
    );
  });

  it('refuses a value the route would refuse, reading text as the server does', () => {
    expect(serverQueryRefusal('GET', '/api/v1/users', q('per_page=200&page=2'))).toBeNull();
    expect(serverQueryRefusal('GET', '/api/v1/users', q('per_page=500'))).toContain('per_page');
    expect(serverQueryRefusal('GET', '/api/v1/users', q('status=gone'))).toContain('status');
  });

  it('leaves alone a route that takes any query string, and one the server does not have', () => {
    expect(serverQueryRefusal('GET', '/api/v1/health', q('probe=1'))).toBeNull();
    expect(serverQueryRefusal('GET', '/api/v1/nowhere', q('x=1'))).toBeNull();
  });
});

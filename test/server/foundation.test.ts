import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/dialects.js';
import { as, buildTestApp } from '../helpers/test-app.js';

describe.each(DIALECTS)('foundation on %s', (dialect) => {
  it('health answers with the database it checked', async () => {
    const { app } = await buildTestApp(dialect);
    const res = await app.inject({ method: 'GET', url: '/api/v1/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ code: 0, message: 'success', database: dialect });
  });

  it('an unknown route answers 404 in the Zoho envelope', async () => {
    const { app } = await buildTestApp(dialect);
    const res = await app.inject({ method: 'GET', url: '/api/v1/nope', headers: as('a@x.example') });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 3011 });
  });

  it('every answer carries the security headers, refusals and errors included', async () => {
    const { app } = await buildTestApp(dialect);
    const answers = await Promise.all([
      app.inject({ method: 'GET', url: '/api/v1/health' }),
      app.inject({ method: 'GET', url: '/api/v1/expenses' }),
      app.inject({ method: 'GET', url: '/api/v1/nope', headers: as('a@x.example') }),
      app.inject({
        method: 'POST',
        url: '/api/v1/expenses',
        headers: as('a@x.example'),
        payload: { amount: 'x' },
      }),
      app.inject({ method: 'GET', url: '/api/docs/json' }),
    ]);
    expect(answers.map((r) => r.statusCode)).toEqual([200, 401, 404, 400, 200]);
    for (const res of answers) {
      expect(res.headers).toMatchObject({
        'cross-origin-opener-policy': 'same-origin',
        // The widget, served from CRM's origin, reads receipts and exports from here.
        'cross-origin-resource-policy': 'cross-origin',
        'origin-agent-cluster': '?1',
        'referrer-policy': 'no-referrer',
        'strict-transport-security': 'max-age=31536000; includeSubDomains',
        'x-content-type-options': 'nosniff',
        'x-dns-prefetch-control': 'off',
        'x-download-options': 'noopen',
        'x-frame-options': 'SAMEORIGIN',
        'x-permitted-cross-domain-policies': 'none',
        'x-xss-protection': '0',
      });
      // The API docs' page needs inline scripts and styles; the API itself answers only JSON.
      expect(res.headers['content-security-policy']).toBeUndefined();
    }
  });

  it('OpenAPI is generated at /api/docs/json', async () => {
    const { app } = await buildTestApp(dialect);
    const res = await app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(res.statusCode).toBe(200);
    expect(res.json().paths).toHaveProperty('/api/v1/health');
  });
});

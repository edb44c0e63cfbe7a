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

  it('OpenAPI is generated at /api/docs/json', async () => {
    const { app } = await buildTestApp(dialect);
    const res = await app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(res.statusCode).toBe(200);
    expect(res.json().paths).toHaveProperty('/api/v1/health');
  });
});

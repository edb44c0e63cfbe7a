import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/dialects.js';
import { buildTestApp } from '../helpers/test-app.js';

describe.each(DIALECTS)('integrations API documentation (%s)', (dialect) => {
  it('every admin route of issue #6 is in the OpenAPI document', async () => {
    const { app } = await buildTestApp(dialect);
    const res = await app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(res.statusCode).toBe(200);
    const paths = Object.keys(res.json().paths as Record<string, unknown>);
    for (const p of [
      '/api/v1/integrations/{system}',
      '/api/v1/integrations/{system}/connect',
      '/api/v1/integrations/{system}/callback',
      '/api/v1/integrations/crm/settings',
      '/api/v1/integrations/people/settings',
      '/api/v1/integrations/{system}/sync',
      '/api/v1/integrations/{system}/synchistory',
      '/api/v1/integrations/{system}/disable',
      '/api/v1/integrations/{system}/enable',
      '/api/v1/integrations/crm/search',
      '/api/v1/integrations/crm/import',
    ]) {
      expect(paths, p).toContain(p);
    }
  });

  it('Instant Sync without a body and with an unknown field: 409 before connecting, 400 for the field', async () => {
    const { app } = await buildTestApp(dialect);
    const h = { authorization: 'Zoho-oauthtoken test:admin@zylker.example' };
    expect(
      (await app.inject({ method: 'POST', url: '/api/v1/integrations/crm/sync', headers: h })).statusCode,
    ).toBe(409);
    const bad = await app.inject({
      method: 'POST',
      url: '/api/v1/integrations/crm/sync',
      headers: h,
      payload: { modul: 'x' },
    });
    expect(bad.statusCode).toBe(400);
    const unknown = await app.inject({ method: 'GET', url: '/api/v1/integrations/zoho-books', headers: h });
    expect(unknown.statusCode).toBe(400);
  });
});

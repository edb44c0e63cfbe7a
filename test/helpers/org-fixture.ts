/**
 * An organisation to test against: the first sign-in (admin@acme.example) creates it on the empty
 * server, and `addUser` adds members through the API, as an admin would.
 */
import { expect } from 'vitest';
import type { DialectName } from '../../server/db/dialect.js';
import { as, buildTestApp } from './test-app.js';

export const ADMIN = 'admin@acme.example';

export async function buildOrgApp(dialect: DialectName) {
  const t = await buildTestApp(dialect);
  const me = await t.app.inject({ method: 'GET', url: '/api/v1/users/me', headers: as(ADMIN) });
  expect(me.statusCode).toBe(200);
  const orgId: string = me.json().user.organization_id;
  const adminId: string = me.json().user.user_id;

  async function addUser(
    email: string,
    fields: { user_role?: string; manager_id?: string; department_id?: string; name?: string } = {},
  ): Promise<string> {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: as(ADMIN),
      payload: { email, name: fields.name ?? email.split('@')[0], user_role: 'submitter', ...fields },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().user.user_id;
  }

  return { ...t, orgId, adminId, addUser };
}

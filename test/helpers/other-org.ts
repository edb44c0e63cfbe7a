/** A second organisation (boss@other.example is its admin), for "another org's id → 404" tests. */
import type { FastifyInstance } from 'fastify';
import { as } from './test-app.js';

export const OTHER_ADMIN = 'boss@other.example';

export async function createOtherOrg(
  app: FastifyInstance,
): Promise<{ orgId: string; headers: Record<string, string> }> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/organizations',
    headers: as(OTHER_ADMIN),
    payload: { name: 'Other', currency_code: 'USD' },
  });
  const orgId: string = res.json().organization.organization_id;
  return { orgId, headers: as(OTHER_ADMIN, orgId) };
}

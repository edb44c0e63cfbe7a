/**
 * /organizations: the organisations the caller belongs to, creating another one, and (admins)
 * changing name, time zone, base currency and organisation settings. These routes take the
 * organisation from the path, not from the X-com-zoho-expense-organizationid header.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { type Member, resolveMember } from '../../auth/membership.js';
import { identityOf } from '../../auth/plugin.js';
import { currencyExponent, isCurrencyCode } from '../../domain/money.js';
import { appError } from '../../errors.js';
import { expectedVersion } from '../../http/if-match.js';
import { Envelope, ErrorResponses, ListEnvelope, ok, okList } from '../common-schemas.js';
import {
  CreateOrganizationSchema,
  type Organization,
  OrganizationParamsSchema,
  OrganizationSchema,
  UpdateOrganizationSchema,
} from './schemas.js';
import {
  createOrganization,
  isTimeZone,
  listMemberships,
  type Membership,
  readOrgSettings,
  updateOrganization,
} from './service.js';

function toOrganization(m: Membership, isDefault: boolean): Organization {
  const settings = readOrgSettings(m.org);
  return {
    organization_id: m.org.org_id,
    name: m.org.name,
    currency_code: m.org.base_currency,
    price_precision: currencyExponent(m.org.base_currency),
    time_zone: m.org.time_zone,
    is_default_org: isDefault,
    user_role: m.user.user_role,
    user_id: m.user.user_id,
    potentials_mode: settings.potentials_mode,
    seat_count: settings.seat_count,
    created_time: m.org.created_time,
    last_modified_time: m.org.last_modified_time,
  };
}

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, clock, ids } = app.ctx;

  /** The caller's membership of the organisation in the path; not a member (or no such org) → 404. */
  function memberOfPathOrg(request: FastifyRequest, orgId: string): Promise<Member> {
    return resolveMember(db, identityOf(request), orgId, { clock, ids });
  }

  async function isDefaultOrg(request: FastifyRequest, orgId: string): Promise<boolean> {
    const all = await listMemberships(db, identityOf(request));
    return all[0]?.org.org_id === orgId;
  }

  app.get(
    '/',
    {
      config: { auth: 'identity' },
      schema: {
        tags: ['organizations'],
        summary: 'List the organisations you belong to',
        response: { 200: ListEnvelope('organizations', OrganizationSchema), ...ErrorResponses },
      },
    },
    async (request) => {
      const memberships = await listMemberships(db, identityOf(request));
      const items = memberships.map((m, i) => toOrganization(m, i === 0));
      return okList('organizations', items, 1, Math.max(items.length, 1), false);
    },
  );

  app.get(
    '/:organization_id',
    {
      config: { auth: 'identity' },
      schema: {
        tags: ['organizations'],
        summary: 'Get an organisation you belong to',
        params: OrganizationParamsSchema,
        response: { 200: Envelope('organization', OrganizationSchema), ...ErrorResponses },
      },
    },
    async (request) => {
      const m = await memberOfPathOrg(request, request.params.organization_id);
      return ok('organization', toOrganization(m, await isDefaultOrg(request, m.org.org_id)));
    },
  );

  app.post(
    '/',
    {
      config: { auth: 'identity' },
      schema: {
        tags: ['organizations'],
        summary: 'Create an organisation with you as its admin',
        body: CreateOrganizationSchema,
        response: { 201: Envelope('organization', OrganizationSchema), ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const { name, currency_code, time_zone } = request.body;
      if (!isCurrencyCode(currency_code)) {
        throw appError('INVALID_INPUT', `currency_code "${currency_code}" is not a known currency`);
      }
      if (time_zone !== undefined && !isTimeZone(time_zone)) {
        throw appError('INVALID_INPUT', `time_zone "${time_zone}" is not a known time zone`);
      }
      const created = await createOrganization(
        db,
        { name, base_currency: currency_code, ...(time_zone ? { time_zone } : {}) },
        identityOf(request),
        { clock, ids },
      );
      reply.status(201);
      return ok('organization', toOrganization(created, await isDefaultOrg(request, created.org.org_id)));
    },
  );

  app.put(
    '/:organization_id',
    {
      config: { auth: 'identity' },
      schema: {
        tags: ['organizations'],
        summary: 'Change an organisation (admins)',
        description:
          'The base currency (currency_code) can change only while the organisation has no expenses. ' +
          'Send the last_modified_time you read (or If-Match): if the organisation changed since, ' +
          'the answer is 409 and nothing changes.',
        params: OrganizationParamsSchema,
        body: UpdateOrganizationSchema,
        response: { 200: Envelope('organization', OrganizationSchema), ...ErrorResponses },
      },
    },
    async (request) => {
      const m = await memberOfPathOrg(request, request.params.organization_id);
      if (m.user.user_role !== 'admin') throw appError('FORBIDDEN');
      const { name, currency_code, time_zone, potentials_mode, seat_count, last_modified_time } =
        request.body;
      const settings = {
        ...(potentials_mode !== undefined ? { potentials_mode } : {}),
        ...(seat_count !== undefined ? { seat_count } : {}),
      };
      const org = await updateOrganization(
        db,
        m.org.org_id,
        {
          ...(name !== undefined ? { name } : {}),
          ...(currency_code !== undefined ? { base_currency: currency_code } : {}),
          ...(time_zone !== undefined ? { time_zone } : {}),
          ...(Object.keys(settings).length > 0 ? { settings } : {}),
        },
        expectedVersion(request, last_modified_time),
        { clock },
      );
      return ok(
        'organization',
        toOrganization({ org, user: m.user }, await isDefaultOrg(request, org.org_id)),
      );
    },
  );
};
export default routes;

/**
 * /settings/perdiem: per diem policies. Everyone reads them (the per diem form needs the
 * locations); only admins create, change and delete them.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { memberOf } from '../../auth/plugin.js';
import { expectedVersion } from '../../http/if-match.js';
import { Envelope, ErrorResponses, MessageEnvelopeSchema, ok } from '../common-schemas.js';
import { CreatePolicySchema, PolicyParamsSchema, PolicySchema, UpdatePolicySchema } from './schemas.js';
import { createPolicy, deletePolicy, getPolicy, listPolicies, updatePolicy } from './service.js';

const tags = ['per diem'];
const PolicyEnvelope = Envelope('per_diem_policy', PolicySchema);
const admin = { roles: ['admin'] as const };

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, clock, ids } = app.ctx;
  const ctx = { clock, ids };

  app.get(
    '/',
    {
      schema: {
        tags,
        summary: 'Per diem policies',
        response: {
          200: Type.Object({
            code: Type.Literal(0),
            message: Type.String(),
            per_diem_policies: Type.Array(PolicySchema),
          }),
          ...ErrorResponses,
        },
      },
    },
    async (request) => ({
      code: 0 as const,
      message: 'success',
      per_diem_policies: await listPolicies(db, memberOf(request).org.org_id),
    }),
  );

  app.get(
    '/:policy_id',
    {
      schema: {
        tags,
        summary: 'A per diem policy',
        params: PolicyParamsSchema,
        response: { 200: PolicyEnvelope, ...ErrorResponses },
      },
    },
    async (request) =>
      ok('per_diem_policy', await getPolicy(db, memberOf(request).org.org_id, request.params.policy_id)),
  );

  app.post(
    '/',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Create a per diem policy (admins)',
        body: CreatePolicySchema,
        response: { 201: PolicyEnvelope, ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const policy = await createPolicy(db, memberOf(request).org.org_id, request.body, ctx);
      return reply.status(201).send(ok('per_diem_policy', policy));
    },
  );

  app.put(
    '/:policy_id',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Change a per diem policy (admins; last_modified_time or If-Match)',
        params: PolicyParamsSchema,
        body: UpdatePolicySchema,
        response: { 200: PolicyEnvelope, ...ErrorResponses },
      },
    },
    async (request) => {
      const expected = expectedVersion(request, request.body.last_modified_time);
      const policy = await updatePolicy(
        db,
        memberOf(request).org.org_id,
        request.params.policy_id,
        request.body,
        expected,
        ctx,
      );
      return ok('per_diem_policy', policy);
    },
  );

  app.delete(
    '/:policy_id',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Delete a per diem policy (admins; recorded expenses keep their rates)',
        params: PolicyParamsSchema,
        response: { 200: MessageEnvelopeSchema, ...ErrorResponses },
      },
    },
    async (request) => {
      await deletePolicy(db, memberOf(request).org.org_id, request.params.policy_id);
      return { code: 0 as const, message: 'The per diem policy has been deleted.' };
    },
  );
};

export default routes;

/**
 * /auditlog: the hash-chained audit log. `GET /auditlog?entity_type=report|expense&entity_id=…`
 * reads one record's trail (owner, that report's approvers, admins); `GET /auditlog/verify`
 * (admins) re-checks the organisation's whole chain. A report's trail is also at
 * `/expensereports/{id}/auditlog`.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { memberOf } from '../../auth/plugin.js';
import { Envelope, ErrorResponses, ok } from '../common-schemas.js';
import { AuditEntrySchema, AuditQuerySchema, ChainCheckSchema } from './schemas.js';
import { verifyAuditChain } from './service.js';
import { findAuditTrail } from './trail.js';

const tags = ['auditlog'];

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.ctx;

  app.get(
    '/',
    {
      schema: {
        tags,
        summary: 'The audit log of one expense or report, oldest first',
        querystring: AuditQuerySchema,
        response: { 200: Envelope('audit_log', Type.Array(AuditEntrySchema)), ...ErrorResponses },
      },
    },
    async (request) =>
      ok(
        'audit_log',
        await findAuditTrail(db, memberOf(request), request.query.entity_type, request.query.entity_id),
      ),
  );

  app.get(
    '/verify',
    {
      config: { roles: ['admin'] },
      schema: {
        tags,
        summary: 'Re-check every link of the organisation’s audit hash chain (admins)',
        response: { 200: Envelope('audit_chain', ChainCheckSchema), ...ErrorResponses },
      },
    },
    async (request) => {
      const orgId = memberOf(request).org.org_id;
      const result = await verifyAuditChain(db, orgId);
      const count = await db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('org_id', '=', orgId)
        .executeTakeFirstOrThrow();
      return ok('audit_chain', {
        ok: result.ok,
        ...(result.ok ? {} : { broken_at: result.brokenAt }),
        entries_checked: Number(count.n),
      });
    },
  );
};
export default routes;

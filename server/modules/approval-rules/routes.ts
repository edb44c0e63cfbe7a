/**
 * /settings/approvalrules (admins): further approval levels after the manager, e.g. "above
 * 1,000.00 in base currency, then the department head". Amounts are decimals in base currency.
 * Rules apply to reports submitted after the change; a waiting report keeps its flow.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { memberOf } from '../../auth/plugin.js';
import {
  Envelope,
  ErrorResponses,
  ListEnvelope,
  MessageEnvelopeSchema,
  ok,
  okList,
} from '../common-schemas.js';
import {
  ApprovalRuleSchema,
  CreateApprovalRuleSchema,
  RuleParamsSchema,
  UpdateApprovalRuleSchema,
} from './schemas.js';
import { createRule, deleteRule, findRule, listRules, presentRule, updateRule } from './service.js';

const tags = ['settings'];
const config = { roles: ['admin'] as const };
const RuleEnvelope = Envelope('approval_rule', ApprovalRuleSchema);

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.ctx;

  app.get(
    '/',
    {
      config,
      schema: {
        tags,
        summary: 'List approval rules (admins)',
        response: { 200: ListEnvelope('approval_rules', ApprovalRuleSchema), ...ErrorResponses },
      },
    },
    async (request) => {
      const member = memberOf(request);
      const rows = await listRules(db, member);
      return okList(
        'approval_rules',
        rows.map((r) => presentRule(member, r)),
        1,
        Math.max(rows.length, 1),
        false,
      );
    },
  );

  app.get(
    '/:rule_id',
    {
      config,
      schema: {
        tags,
        summary: 'Get an approval rule (admins)',
        params: RuleParamsSchema,
        response: { 200: RuleEnvelope, ...ErrorResponses },
      },
    },
    async (request) => {
      const member = memberOf(request);
      return ok('approval_rule', presentRule(member, await findRule(db, member, request.params.rule_id)));
    },
  );

  app.post(
    '/',
    {
      config,
      schema: {
        tags,
        summary: 'Add an approval level (admins)',
        body: CreateApprovalRuleSchema,
        response: { 201: RuleEnvelope, ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const member = memberOf(request);
      const rule = await createRule(db, member, request.body, app.ctx);
      reply.status(201);
      return ok('approval_rule', rule);
    },
  );

  app.put(
    '/:rule_id',
    {
      config,
      schema: {
        tags,
        summary: 'Change an approval rule (admins)',
        params: RuleParamsSchema,
        body: UpdateApprovalRuleSchema,
        response: { 200: RuleEnvelope, ...ErrorResponses },
      },
    },
    async (request) => {
      const member = memberOf(request);
      return ok('approval_rule', await updateRule(db, member, request.params.rule_id, request.body));
    },
  );

  app.delete(
    '/:rule_id',
    {
      config,
      schema: {
        tags,
        summary: 'Delete an approval rule (admins)',
        params: RuleParamsSchema,
        response: { 200: MessageEnvelopeSchema, ...ErrorResponses },
      },
    },
    async (request) => {
      await deleteRule(db, memberOf(request), request.params.rule_id);
      return { code: 0 as const, message: 'The approval rule has been deleted.' };
    },
  );
};
export default routes;

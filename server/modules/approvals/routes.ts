/**
 * /approvals: the reports waiting for the signed-in user's approval, oldest submission first.
 * Admins may ask for `view=all`: every report waiting for anyone in the organisation.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { memberOf } from '../../auth/plugin.js';
import { appError } from '../../errors.js';
import { ErrorResponses, ListEnvelope, okList, PageQuerySchema, pageWindow } from '../common-schemas.js';
import { presentReports } from '../expense-reports/present.js';
import { ReportSchema } from '../expense-reports/schemas.js';
import { listWaitingReports } from '../expense-reports/service.js';

const ApprovalsQuerySchema = Type.Object({
  ...PageQuerySchema.properties,
  view: Type.Optional(
    Type.Union([Type.Literal('mine'), Type.Literal('all')], {
      description: 'mine (default): waiting for you; all (admins): waiting for anyone',
    }),
  ),
});

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.ctx;

  app.get(
    '/',
    {
      schema: {
        tags: ['approvals'],
        summary: 'Reports waiting for your approval, oldest first',
        querystring: ApprovalsQuerySchema,
        response: { 200: ListEnvelope('expense_reports', ReportSchema), ...ErrorResponses },
      },
    },
    async (request) => {
      const member = memberOf(request);
      const all = request.query.view === 'all';
      if (all && member.user.user_role !== 'admin')
        throw appError('FORBIDDEN', 'Only admins can see all approvals.');
      const { page, perPage, offset, limit } = pageWindow(request.query);
      const rows = await listWaitingReports(db, member, all, { offset, limit });
      const items = await presentReports(db, member, rows.slice(0, perPage));
      return okList('expense_reports', items, page, perPage, rows.length > perPage);
    },
  );
};
export default routes;

/**
 * /expenses/perdiem: calculate per diem for a trip or individual days, and record the chosen days
 * as expenses (seed: "Calculate Per Diem", tick the rates, "Save and Close").
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { memberOf } from '../../auth/plugin.js';
import { Envelope, ErrorResponses } from '../common-schemas.js';
import { ExpenseSchema } from '../expenses/schemas.js';
import { selectExpensesWithNames, toExpenseViews } from '../expenses/views.js';
import { CalculateSchema, CalculationSchema, CreatePerDiemSchema } from './schemas.js';
import { calculatePerDiem, calculationView, createPerDiemExpenses } from './service.js';

const tags = ['per diem'];

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, clock, ids } = app.ctx;
  const ctx = { clock, ids };

  app.post(
    '/calculate',
    {
      schema: {
        tags,
        summary: 'Calculate per diem lines (one per day) without recording anything',
        body: CalculateSchema,
        response: { 200: Envelope('per_diem', CalculationSchema), ...ErrorResponses },
      },
    },
    async (request) => {
      const calc = await calculatePerDiem(db, memberOf(request).org.org_id, request.body);
      return {
        code: 0 as const,
        message: 'success',
        per_diem: calculationView(calc, request.body.per_diem_type),
      };
    },
  );

  app.post(
    '/',
    {
      schema: {
        tags,
        summary: 'Record per diem expenses, one per chosen day (category "Per Diem")',
        body: CreatePerDiemSchema,
        response: {
          201: Type.Object({
            code: Type.Literal(0),
            message: Type.String(),
            expenses: Type.Array(ExpenseSchema),
          }),
          ...ErrorResponses,
        },
      },
    },
    async (request, reply) => {
      const member = memberOf(request);
      const rows = await createPerDiemExpenses(db, member, request.body, ctx);
      const withNames = await selectExpensesWithNames(db, member.org.org_id)
        .where(
          'e.expense_id',
          'in',
          rows.map((r) => r.expense_id),
        )
        .orderBy('e.date')
        .execute();
      const expenses = await toExpenseViews(db, member.org, withNames);
      return reply.status(201).send({ code: 0 as const, message: 'success', expenses });
    },
  );
};

export default routes;

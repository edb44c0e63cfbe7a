/**
 * /api/v1/analytics: what each deal really cost.
 * - GET /{report}                the four default reports (?format=csv to export)
 * - /reports                     saved (edited) reports: list, create ("save as new"), rename/edit, delete,
 *                                run, export.csv; POST /run runs an unsaved spec
 * - /dashboards                  named dashboards of components bound to reports; a default one per org
 * - GET /deals/{deal_id}/summary the deal page's spend summary
 * - GET /reconcile               (admins) recompute the rollups from the raw expenses and list any drift
 * Everyone sees the spend their role allows: submitters their own, approvers their team's, admins all.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Member } from '../../auth/membership.js';
import { memberOf } from '../../auth/plugin.js';
import { toCsv } from '../../domain/analytics/csv.js';
import { DEFAULT_REPORTS, isDefaultReportKey } from '../../domain/analytics/default-reports.js';
import type { ReportFilters } from '../../domain/analytics/report-spec.js';
import { formatAmount } from '../../domain/money.js';
import { appError } from '../../errors.js';
import { expectedVersion } from '../../http/if-match.js';
import {
  Envelope,
  ErrorResponses,
  ListEnvelope,
  MessageEnvelopeSchema,
  ok,
  okList,
} from '../common-schemas.js';
import { seesEveryDeal, visibleDeals } from '../deals/visible-deals.js';
import {
  addComponent,
  createDashboard,
  deleteDashboard,
  getDashboard,
  listDashboards,
  removeComponent,
  updateDashboard,
} from './dashboards.js';
import { dealSummary } from './deal-summary.js';
import { type ReportContext, runDefaultReport } from './default-report-queries.js';
import type { Scope } from './facts.js';
import { presentReport, type ReportResult } from './report-result.js';
import { reconcileRollups } from './rollups.js';
import {
  createSavedReport,
  deleteSavedReport,
  getSavedReport,
  listSavedReports,
  updateSavedReport,
  validSpec,
} from './saved-reports.js';
import {
  ComponentInputSchema,
  ComponentParamsSchema,
  CreateDashboardSchema,
  CreateSavedReportSchema,
  DashboardParamsSchema,
  DashboardSchema,
  DealParamsSchema,
  DealSummarySchema,
  IdParamsSchema,
  ReconcileSchema,
  ReportParamsSchema,
  type ReportQuery,
  ReportQuerySchema,
  ReportResultSchema,
  RunSpecSchema,
  SavedReportSchema,
  UpdateDashboardSchema,
  UpdateSavedReportSchema,
} from './schemas.js';
import { runSpec } from './spec-query.js';

function scopeOf(member: Member): Scope {
  const { user } = member;
  if (user.user_role === 'admin') return { kind: 'org' };
  if (user.user_role === 'approver') return { kind: 'team', userId: user.user_id };
  return { kind: 'self', userId: user.user_id };
}

function filtersOf(q: ReportQuery): ReportFilters {
  const { page: _p, per_page: _pp, format: _f, table: _t, status, ...rest } = q;
  const filters: ReportFilters = { ...rest };
  if (status === 'spent' || status === 'pending') filters.status = [status];
  if (filters.date_from && filters.date_to && filters.date_from > filters.date_to) {
    throw appError('INVALID_INPUT', 'date_from is after date_to');
  }
  return filters;
}

const pageOf = (q: { page?: number | undefined; per_page?: number | undefined }) => ({
  page: q.page ?? 1,
  perPage: q.per_page ?? 50,
});

/** Rows in one CSV export (a spreadsheet's practical limit). */
const CSV_MAX_ROWS = 100_000;
const CsvSchema = Type.String({ description: 'text/csv' });
const CSV_ROUTE_RESPONSES = { 200: Type.Union([Envelope('report', ReportResultSchema), CsvSchema]) };

function sendCsv(
  reply: FastifyReply,
  result: ReportResult,
  tableId: string | undefined,
  name: string,
): string {
  const presented = presentReport(result);
  const table = tableId ? presented.tables.find((t) => t.table_id === tableId) : presented.tables[0];
  if (!table) {
    throw appError(
      'INVALID_INPUT',
      `table must be one of: ${presented.tables.map((t) => t.table_id).join(', ')}`,
    );
  }
  const safeName = name.replace(/[^A-Za-z0-9_-]+/g, '-').slice(0, 60) || 'report';
  reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${safeName}-${table.table_id}.csv"`);
  return toCsv(table.columns, table.rows);
}

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, clock, ids } = app.ctx;

  function contextOf(request: FastifyRequest): ReportContext {
    const member = memberOf(request);
    return {
      db,
      orgId: member.org.org_id,
      baseCurrency: member.org.base_currency,
      scope: scopeOf(member),
      deals: visibleDeals(db, member),
      seesEveryDeal: seesEveryDeal(member),
      today: clock().toISOString().slice(0, 10),
    };
  }
  const actorOf = (request: FastifyRequest) => {
    const m = memberOf(request);
    return { userId: m.user.user_id, isAdmin: m.user.user_role === 'admin' };
  };

  app.get(
    '/reconcile',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: ['analytics'],
        summary:
          'Recompute the spend rollups and attendee index from the raw expenses and list any drift (admins)',
        response: { 200: Envelope('reconciliation', ReconcileSchema), ...ErrorResponses },
      },
    },
    async (request) => ok('reconciliation', await reconcileRollups(db, memberOf(request).org.org_id)),
  );

  // Saved reports.
  app.get(
    '/reports',
    {
      schema: {
        tags: ['analytics'],
        summary: 'List the organisation’s saved reports',
        response: { 200: ListEnvelope('reports', SavedReportSchema), ...ErrorResponses },
      },
    },
    async (request) => {
      const reports = await listSavedReports(db, memberOf(request).org.org_id);
      return okList('reports', reports, 1, Math.max(reports.length, 1), false);
    },
  );

  app.post(
    '/reports',
    {
      schema: {
        tags: ['analytics'],
        summary: 'Save a report (also "save as new" from a default or saved report)',
        body: CreateSavedReportSchema,
        response: { 201: Envelope('report', SavedReportSchema), ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const member = memberOf(request);
      const { based_on } = request.body;
      if (based_on !== undefined && !isDefaultReportKey(based_on)) {
        await getSavedReport(db, member.org.org_id, based_on);
      }
      const report = await createSavedReport(
        db,
        { orgId: member.org.org_id, userId: member.user.user_id, ...request.body },
        { now: clock(), id: ids() },
      );
      return reply.code(201).send(ok('report', report));
    },
  );

  app.get(
    '/reports/:report_id',
    {
      schema: {
        tags: ['analytics'],
        summary: 'Get a saved report’s definition',
        params: IdParamsSchema,
        response: { 200: Envelope('report', SavedReportSchema), ...ErrorResponses },
      },
    },
    async (request) =>
      ok('report', await getSavedReport(db, memberOf(request).org.org_id, request.params.report_id)),
  );

  app.put(
    '/reports/:report_id',
    {
      schema: {
        tags: ['analytics'],
        summary: 'Rename a saved report or change its definition (author or admin)',
        params: IdParamsSchema,
        body: UpdateSavedReportSchema,
        response: { 200: Envelope('report', SavedReportSchema), ...ErrorResponses },
      },
    },
    async (request) => {
      const { last_modified_time, ...changes } = request.body;
      const report = await updateSavedReport(
        db,
        memberOf(request).org.org_id,
        request.params.report_id,
        changes,
        {
          now: clock(),
          expected: expectedVersion(request, last_modified_time),
          actor: actorOf(request),
        },
      );
      return ok('report', report);
    },
  );

  app.delete(
    '/reports/:report_id',
    {
      schema: {
        tags: ['analytics'],
        summary: 'Delete a saved report (author or admin)',
        params: IdParamsSchema,
        response: { 200: MessageEnvelopeSchema, ...ErrorResponses },
      },
    },
    async (request) => {
      await deleteSavedReport(db, memberOf(request).org.org_id, request.params.report_id, actorOf(request));
      return { code: 0 as const, message: 'The report has been deleted.' };
    },
  );

  async function runSaved(
    request: FastifyRequest,
    reportId: string,
    query: ReportQuery,
    allRows?: number,
  ): Promise<ReportResult> {
    const ctx = contextOf(request);
    const saved = await getSavedReport(db, ctx.orgId, reportId);
    // Filters in the query string narrow the saved ones for this run only.
    const spec = validSpec({ ...saved.spec, filters: { ...saved.spec.filters, ...filtersOf(query) } });
    const page = allRows ? { page: 1, perPage: allRows } : pageOf(query);
    return runSpec(ctx, spec, page, {
      report_id: saved.report_id,
      report_name: saved.report_name,
      description: '',
    });
  }

  app.get(
    '/reports/:report_id/run',
    {
      schema: {
        tags: ['analytics'],
        summary: 'Run a saved report (query-string filters narrow it; ?format=csv exports it)',
        params: IdParamsSchema,
        querystring: ReportQuerySchema,
        response: { ...CSV_ROUTE_RESPONSES, ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const csv = request.query.format === 'csv';
      const result = await runSaved(
        request,
        request.params.report_id,
        request.query,
        csv ? CSV_MAX_ROWS : undefined,
      );
      if (csv) return sendCsv(reply, result, request.query.table, result.report_name);
      return ok('report', presentReport(result));
    },
  );

  app.get(
    '/reports/:report_id/export.csv',
    {
      schema: {
        tags: ['analytics'],
        summary: 'Export a saved report as CSV',
        params: IdParamsSchema,
        querystring: ReportQuerySchema,
        response: { 200: CsvSchema, ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const result = await runSaved(request, request.params.report_id, request.query, CSV_MAX_ROWS);
      return sendCsv(reply, result, request.query.table, result.report_name);
    },
  );

  app.post(
    '/run',
    {
      schema: {
        tags: ['analytics'],
        summary: 'Run a report definition without saving it',
        body: RunSpecSchema,
        response: { 200: Envelope('report', ReportResultSchema), ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const spec = validSpec(request.body.spec);
      const result = await runSpec(contextOf(request), spec, pageOf(request.body), {
        report_id: 'adhoc',
        report_name: 'Report',
        description: '',
      });
      return reply.code(200).send(ok('report', presentReport(result)));
    },
  );

  // Dashboards.
  const writers = { roles: ['approver', 'admin'] as const };
  app.get(
    '/dashboards',
    {
      schema: {
        tags: ['analytics'],
        summary: 'List dashboards (the default one first; created on first read)',
        response: { 200: ListEnvelope('dashboards', DashboardSchema), ...ErrorResponses },
      },
    },
    async (request) => {
      const list = await listDashboards(db, memberOf(request).org.org_id, { now: clock(), ids });
      return okList('dashboards', list, 1, Math.max(list.length, 1), false);
    },
  );

  app.post(
    '/dashboards',
    {
      config: writers,
      schema: {
        tags: ['analytics'],
        summary: 'Create a dashboard (approvers and admins)',
        body: CreateDashboardSchema,
        response: { 201: Envelope('dashboard', DashboardSchema), ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const d = await createDashboard(db, memberOf(request).org.org_id, request.body, { now: clock(), ids });
      return reply.code(201).send(ok('dashboard', d));
    },
  );

  app.get(
    '/dashboards/:dashboard_id',
    {
      schema: {
        tags: ['analytics'],
        summary: 'Get a dashboard',
        params: DashboardParamsSchema,
        response: { 200: Envelope('dashboard', DashboardSchema), ...ErrorResponses },
      },
    },
    async (request) =>
      ok('dashboard', await getDashboard(db, memberOf(request).org.org_id, request.params.dashboard_id)),
  );

  app.put(
    '/dashboards/:dashboard_id',
    {
      config: writers,
      schema: {
        tags: ['analytics'],
        summary: 'Rename a dashboard, or replace its components (add, remove, reorder)',
        params: DashboardParamsSchema,
        body: UpdateDashboardSchema,
        response: { 200: Envelope('dashboard', DashboardSchema), ...ErrorResponses },
      },
    },
    async (request) => {
      const { last_modified_time, ...changes } = request.body;
      const d = await updateDashboard(
        db,
        memberOf(request).org.org_id,
        request.params.dashboard_id,
        changes,
        {
          now: clock(),
          ids,
          expected: expectedVersion(request, last_modified_time),
        },
      );
      return ok('dashboard', d);
    },
  );

  app.delete(
    '/dashboards/:dashboard_id',
    {
      config: writers,
      schema: {
        tags: ['analytics'],
        summary: 'Delete a dashboard (not the default one)',
        params: DashboardParamsSchema,
        response: { 200: MessageEnvelopeSchema, ...ErrorResponses },
      },
    },
    async (request) => {
      await deleteDashboard(db, memberOf(request).org.org_id, request.params.dashboard_id);
      return { code: 0 as const, message: 'The dashboard has been deleted.' };
    },
  );

  app.post(
    '/dashboards/:dashboard_id/components',
    {
      config: writers,
      schema: {
        tags: ['analytics'],
        summary: 'Add Component: append a component bound to a report',
        params: DashboardParamsSchema,
        body: ComponentInputSchema,
        response: { 201: Envelope('dashboard', DashboardSchema), ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const d = await addComponent(
        db,
        memberOf(request).org.org_id,
        request.params.dashboard_id,
        request.body,
        {
          now: clock(),
          ids,
        },
      );
      return reply.code(201).send(ok('dashboard', d));
    },
  );

  app.delete(
    '/dashboards/:dashboard_id/components/:component_id',
    {
      config: writers,
      schema: {
        tags: ['analytics'],
        summary: 'Remove a component from a dashboard',
        params: ComponentParamsSchema,
        response: { 200: Envelope('dashboard', DashboardSchema), ...ErrorResponses },
      },
    },
    async (request) => {
      const { dashboard_id, component_id } = request.params;
      const d = await removeComponent(db, memberOf(request).org.org_id, dashboard_id, component_id, {
        now: clock(),
        ids,
      });
      return ok('dashboard', d);
    },
  );

  app.get(
    '/deals/:deal_id/summary',
    {
      schema: {
        tags: ['analytics'],
        summary: 'A deal’s spend summary: spent, pending, by person, cost-to-deal ratio',
        params: DealParamsSchema,
        response: { 200: Envelope('summary', DealSummarySchema), ...ErrorResponses },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      const s = await dealSummary(ctx, request.params.deal_id);
      const base = ctx.baseCurrency;
      return ok('summary', {
        ...s,
        currency_code: base,
        spent: formatAmount(s.spent, base),
        pending: formatAmount(s.pending, base),
        deal_amount:
          s.deal_amount === null
            ? null
            : (presentReport({
                report_id: '',
                report_name: '',
                description: '',
                currency_code: base,
                tables: [
                  {
                    table_id: 'd',
                    title: '',
                    columns: [{ key: 'deal_amount', label: '', type: 'deal_money' }],
                    rows: [{ deal_amount: s.deal_amount, deal_currency_code: s.deal_currency_code }],
                  },
                ],
                totals: {},
                total_money_keys: [],
              }).tables[0]?.rows[0]?.deal_amount ?? null),
        by_person: s.by_person.map((p) => ({
          ...p,
          spent: formatAmount(p.spent, base),
          pending: formatAmount(p.pending, base),
        })),
      } as never);
    },
  );

  // Default reports last: the static routes above win over this parametric one.
  app.get(
    '/:report',
    {
      schema: {
        tags: ['analytics'],
        summary: 'Run a default report: spend-per-deal, deal-spenders, won-deals-by-month or lost-deals',
        params: ReportParamsSchema,
        querystring: ReportQuerySchema,
        response: { ...CSV_ROUTE_RESPONSES, ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const key = request.params.report;
      if (!isDefaultReportKey(key)) {
        throw appError(
          'ANALYTICS_REPORT_NOT_FOUND',
          `There is no default report "${key}"; use one of: ${Object.keys(DEFAULT_REPORTS).join(', ')}.`,
        );
      }
      const query = request.query;
      // A CSV export holds every row, not one page.
      const page = query.format === 'csv' ? { page: 1, perPage: CSV_MAX_ROWS } : pageOf(query);
      const result = await runDefaultReport(contextOf(request), key, filtersOf(query), page);
      if (query.format === 'csv') return sendCsv(reply, result, query.table, key);
      return ok('report', presentReport(result));
    },
  );
};

export default routes;

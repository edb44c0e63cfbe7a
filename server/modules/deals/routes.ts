/**
 * /deals: CRM potentials. Everyone reads them (subject to the organisation's potentials mode);
 * admins may create and change them, though they normally arrive through the CRM sync.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { memberOf } from '../../auth/plugin.js';
import { expectedVersion } from '../../http/if-match.js';
import { Envelope, ErrorResponses, ListEnvelope, ok, okList, pageWindow } from '../common-schemas.js';
import {
  CreateDealSchema,
  DealParamsSchema,
  DealSchema,
  ListDealsQuerySchema,
  UpdateDealSchema,
} from './schemas.js';
import { createDeal, getDeal, listDeals, updateDeal } from './service.js';

const tags = ['deals'];
const DealEnvelope = Envelope('deal', DealSchema);

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, dialect, clock, ids } = app.ctx;

  app.get(
    '/',
    {
      schema: {
        tags,
        summary: 'List deals',
        description: "With potentials_mode 'user', non-admins see only the deals they own.",
        querystring: ListDealsQuerySchema,
        response: { 200: ListEnvelope('deals', DealSchema), ...ErrorResponses },
      },
    },
    async (request) => {
      const w = pageWindow(request.query);
      const rows = await listDeals(db, dialect, memberOf(request), request.query, w);
      return okList('deals', rows.slice(0, w.perPage), w.page, w.perPage, rows.length > w.perPage);
    },
  );

  app.get(
    '/:deal_id',
    {
      schema: {
        tags,
        summary: 'Get a deal',
        params: DealParamsSchema,
        response: { 200: DealEnvelope, ...ErrorResponses },
      },
    },
    async (request) => ok('deal', await getDeal(db, memberOf(request), request.params.deal_id)),
  );

  app.post(
    '/',
    {
      config: { roles: ['admin'] },
      schema: {
        tags,
        summary: 'Create a deal (admins)',
        body: CreateDealSchema,
        response: { 201: DealEnvelope, ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const deal = await createDeal(db, memberOf(request), request.body, { clock, ids });
      reply.status(201);
      return ok('deal', deal);
    },
  );

  app.put(
    '/:deal_id',
    {
      config: { roles: ['admin'] },
      schema: {
        tags,
        summary: 'Change a deal (admins)',
        params: DealParamsSchema,
        body: UpdateDealSchema,
        response: { 200: DealEnvelope, ...ErrorResponses },
      },
    },
    async (request) => {
      const { last_modified_time, ...changes } = request.body;
      const deal = await updateDeal(
        db,
        memberOf(request),
        request.params.deal_id,
        changes,
        expectedVersion(request, last_modified_time),
        { clock },
      );
      return ok('deal', deal);
    },
  );
};
export default routes;

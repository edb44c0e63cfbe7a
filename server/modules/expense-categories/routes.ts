/** /expensecategories: everyone reads them; admins create, rename, enable, disable and delete them. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { memberOf } from '../../auth/plugin.js';
import { expectedVersion } from '../../http/if-match.js';
import {
  Envelope,
  ErrorResponses,
  ListEnvelope,
  MessageEnvelopeSchema,
  ok,
  okList,
  pageWindow,
} from '../common-schemas.js';
import {
  CategoryParamsSchema,
  CategorySchema,
  CreateCategorySchema,
  ListCategoriesQuerySchema,
  UpdateCategorySchema,
} from './schemas.js';
import { createCategory, deleteCategory, getCategory, listCategories, updateCategory } from './service.js';

const tags = ['expense categories'];
const CategoryEnvelope = Envelope('expense_category', CategorySchema);

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, dialect, clock, ids } = app.ctx;

  app.get(
    '/',
    {
      schema: {
        tags,
        summary: 'List expense categories',
        querystring: ListCategoriesQuerySchema,
        response: { 200: ListEnvelope('expense_categories', CategorySchema), ...ErrorResponses },
      },
    },
    async (request) => {
      const { org } = memberOf(request);
      const w = pageWindow(request.query);
      const rows = await listCategories(db, dialect, org.org_id, request.query, w);
      return okList(
        'expense_categories',
        rows.slice(0, w.perPage),
        w.page,
        w.perPage,
        rows.length > w.perPage,
      );
    },
  );

  app.get(
    '/:category_id',
    {
      schema: {
        tags,
        summary: 'Get an expense category',
        params: CategoryParamsSchema,
        response: { 200: CategoryEnvelope, ...ErrorResponses },
      },
    },
    async (request) => {
      const { org } = memberOf(request);
      return ok('expense_category', await getCategory(db, org.org_id, request.params.category_id));
    },
  );

  app.post(
    '/',
    {
      config: { roles: ['admin'] },
      schema: {
        tags,
        summary: 'Create an expense category (admins)',
        body: CreateCategorySchema,
        response: { 201: CategoryEnvelope, ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const { org } = memberOf(request);
      const category = await createCategory(db, org.org_id, request.body, { clock, ids });
      reply.status(201);
      return ok('expense_category', category);
    },
  );

  app.put(
    '/:category_id',
    {
      config: { roles: ['admin'] },
      schema: {
        tags,
        summary: 'Rename or describe an expense category (admins)',
        params: CategoryParamsSchema,
        body: UpdateCategorySchema,
        response: { 200: CategoryEnvelope, ...ErrorResponses },
      },
    },
    async (request) => {
      const { org } = memberOf(request);
      const { last_modified_time, ...changes } = request.body;
      const category = await updateCategory(
        db,
        org.org_id,
        request.params.category_id,
        changes,
        expectedVersion(request, last_modified_time),
        { clock },
      );
      return ok('expense_category', category);
    },
  );

  app.delete(
    '/:category_id',
    {
      config: { roles: ['admin'] },
      schema: {
        tags,
        summary: 'Delete a category no expense uses (admins); disable one that is used',
        params: CategoryParamsSchema,
        response: { 200: MessageEnvelopeSchema, ...ErrorResponses },
      },
    },
    async (request) => {
      await deleteCategory(db, memberOf(request).org.org_id, request.params.category_id);
      return { code: 0 as const, message: 'The expense category has been deleted.' };
    },
  );

  for (const action of ['enable', 'disable'] as const) {
    app.post(
      `/:category_id/${action}`,
      {
        config: { roles: ['admin'] },
        schema: {
          tags,
          summary:
            action === 'enable'
              ? 'Enable a category (admins)'
              : 'Disable a category: it can no longer be used for new expenses (admins)',
          params: CategoryParamsSchema,
          response: { 200: CategoryEnvelope, ...ErrorResponses },
        },
      },
      async (request) => {
        const { org } = memberOf(request);
        const category = await updateCategory(
          db,
          org.org_id,
          request.params.category_id,
          { is_enabled: action === 'enable' ? 1 : 0 },
          undefined,
          { clock },
        );
        return ok('expense_category', category);
      },
    );
  }
};
export default routes;

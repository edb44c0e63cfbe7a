/** /departments: everyone reads them; admins create, change and delete them. */
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
  CreateDepartmentSchema,
  DepartmentParamsSchema,
  DepartmentSchema,
  ListDepartmentsQuerySchema,
  UpdateDepartmentSchema,
} from './schemas.js';
import {
  createDepartment,
  deleteDepartment,
  getDepartment,
  listDepartments,
  updateDepartment,
} from './service.js';

const tags = ['departments'];
const DepartmentEnvelope = Envelope('department', DepartmentSchema);

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, dialect, clock, ids } = app.ctx;

  app.get(
    '/',
    {
      schema: {
        tags,
        summary: 'List departments',
        querystring: ListDepartmentsQuerySchema,
        response: { 200: ListEnvelope('departments', DepartmentSchema), ...ErrorResponses },
      },
    },
    async (request) => {
      const { org } = memberOf(request);
      const w = pageWindow(request.query);
      const rows = await listDepartments(db, dialect, org.org_id, request.query.search_text, w);
      return okList('departments', rows.slice(0, w.perPage), w.page, w.perPage, rows.length > w.perPage);
    },
  );

  app.get(
    '/:department_id',
    {
      schema: {
        tags,
        summary: 'Get a department',
        params: DepartmentParamsSchema,
        response: { 200: DepartmentEnvelope, ...ErrorResponses },
      },
    },
    async (request) => {
      const { org } = memberOf(request);
      return ok('department', await getDepartment(db, org.org_id, request.params.department_id));
    },
  );

  app.post(
    '/',
    {
      config: { roles: ['admin'] },
      schema: {
        tags,
        summary: 'Create a department (admins)',
        body: CreateDepartmentSchema,
        response: { 201: DepartmentEnvelope, ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const { org } = memberOf(request);
      const dept = await createDepartment(db, org.org_id, request.body, { clock, ids });
      reply.status(201);
      return ok('department', dept);
    },
  );

  app.put(
    '/:department_id',
    {
      config: { roles: ['admin'] },
      schema: {
        tags,
        summary: 'Change a department (admins)',
        params: DepartmentParamsSchema,
        body: UpdateDepartmentSchema,
        response: { 200: DepartmentEnvelope, ...ErrorResponses },
      },
    },
    async (request) => {
      const { org } = memberOf(request);
      const { last_modified_time, ...changes } = request.body;
      const dept = await updateDepartment(
        db,
        org.org_id,
        request.params.department_id,
        changes,
        expectedVersion(request, last_modified_time),
        { clock },
      );
      return ok('department', dept);
    },
  );

  app.delete(
    '/:department_id',
    {
      config: { roles: ['admin'] },
      schema: {
        tags,
        summary: 'Delete a department that has no users (admins)',
        params: DepartmentParamsSchema,
        response: { 200: MessageEnvelopeSchema, ...ErrorResponses },
      },
    },
    async (request) => {
      await deleteDepartment(db, memberOf(request).org.org_id, request.params.department_id);
      return { code: 0 as const, message: 'The department has been deleted.' };
    },
  );
};
export default routes;

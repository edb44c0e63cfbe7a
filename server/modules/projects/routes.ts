/** /projects: everyone reads them; admins create, change, (de)activate and delete them. */
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
  CreateProjectSchema,
  ListProjectsQuerySchema,
  ProjectParamsSchema,
  ProjectSchema,
  UpdateProjectSchema,
} from './schemas.js';
import { createProject, deleteProject, getProject, listProjects, updateProject } from './service.js';

const tags = ['projects'];
const ProjectEnvelope = Envelope('project', ProjectSchema);

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, dialect, clock, ids } = app.ctx;

  app.get(
    '/',
    {
      schema: {
        tags,
        summary: 'List projects',
        querystring: ListProjectsQuerySchema,
        response: { 200: ListEnvelope('projects', ProjectSchema), ...ErrorResponses },
      },
    },
    async (request) => {
      const { org } = memberOf(request);
      const w = pageWindow(request.query);
      const rows = await listProjects(db, dialect, org.org_id, request.query, w);
      return okList('projects', rows.slice(0, w.perPage), w.page, w.perPage, rows.length > w.perPage);
    },
  );

  app.get(
    '/:project_id',
    {
      schema: {
        tags,
        summary: 'Get a project',
        params: ProjectParamsSchema,
        response: { 200: ProjectEnvelope, ...ErrorResponses },
      },
    },
    async (request) =>
      ok('project', await getProject(db, memberOf(request).org.org_id, request.params.project_id)),
  );

  app.post(
    '/',
    {
      config: { roles: ['admin'] },
      schema: {
        tags,
        summary: 'Create a project (admins)',
        body: CreateProjectSchema,
        response: { 201: ProjectEnvelope, ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const project = await createProject(db, memberOf(request).org.org_id, request.body, { clock, ids });
      reply.status(201);
      return ok('project', project);
    },
  );

  app.put(
    '/:project_id',
    {
      config: { roles: ['admin'] },
      schema: {
        tags,
        summary: 'Change a project (admins)',
        params: ProjectParamsSchema,
        body: UpdateProjectSchema,
        response: { 200: ProjectEnvelope, ...ErrorResponses },
      },
    },
    async (request) => {
      const { last_modified_time, ...changes } = request.body;
      const project = await updateProject(
        db,
        memberOf(request).org.org_id,
        request.params.project_id,
        changes,
        expectedVersion(request, last_modified_time),
        { clock },
      );
      return ok('project', project);
    },
  );

  for (const status of ['active', 'inactive'] as const) {
    app.post(
      `/:project_id/${status}`,
      {
        config: { roles: ['admin'] },
        schema: {
          tags,
          summary:
            status === 'active' ? 'Make a project active (admins)' : 'Make a project inactive (admins)',
          params: ProjectParamsSchema,
          response: { 200: ProjectEnvelope, ...ErrorResponses },
        },
      },
      async (request) => {
        const project = await updateProject(
          db,
          memberOf(request).org.org_id,
          request.params.project_id,
          { status },
          undefined,
          { clock },
        );
        return ok('project', project);
      },
    );
  }

  app.delete(
    '/:project_id',
    {
      config: { roles: ['admin'] },
      schema: {
        tags,
        summary: 'Delete a project no expense uses (admins)',
        params: ProjectParamsSchema,
        response: { 200: MessageEnvelopeSchema, ...ErrorResponses },
      },
    },
    async (request) => {
      await deleteProject(db, memberOf(request).org.org_id, request.params.project_id);
      return { code: 0 as const, message: 'The project has been deleted.' };
    },
  );
};
export default routes;

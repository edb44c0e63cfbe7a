/**
 * /users: the organisation's directory. Everyone reads it (approver pickers need it); admins add
 * users by email, change roles, managers and departments, and (de)activate them.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { memberOf } from '../../auth/plugin.js';
import { expectedVersion } from '../../http/if-match.js';
import { Envelope, ErrorResponses, ListEnvelope, ok, okList, pageWindow } from '../common-schemas.js';
import {
  CreateUserSchema,
  ListUsersQuerySchema,
  UpdateUserSchema,
  UserParamsSchema,
  UserSchema,
} from './schemas.js';
import { createUser, getUser, listUsers, updateUser } from './service.js';

const tags = ['users'];
const UserEnvelope = Envelope('user', UserSchema);

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, dialect, clock, ids } = app.ctx;

  app.get(
    '/',
    {
      schema: {
        tags,
        summary: 'List users',
        querystring: ListUsersQuerySchema,
        response: { 200: ListEnvelope('users', UserSchema), ...ErrorResponses },
      },
    },
    async (request) => {
      const { org } = memberOf(request);
      const w = pageWindow(request.query);
      const rows = await listUsers(db, dialect, org.org_id, request.query, w);
      return okList('users', rows.slice(0, w.perPage), w.page, w.perPage, rows.length > w.perPage);
    },
  );

  app.get(
    '/me',
    {
      schema: {
        tags,
        summary: 'The signed-in user in the current organisation',
        response: { 200: UserEnvelope, ...ErrorResponses },
      },
    },
    async (request) => {
      const { org, user } = memberOf(request);
      return ok('user', await getUser(db, org.org_id, user.user_id));
    },
  );

  app.get(
    '/:user_id',
    {
      schema: {
        tags,
        summary: 'Get a user',
        params: UserParamsSchema,
        response: { 200: UserEnvelope, ...ErrorResponses },
      },
    },
    async (request) => {
      const { org } = memberOf(request);
      return ok('user', await getUser(db, org.org_id, request.params.user_id));
    },
  );

  app.post(
    '/',
    {
      config: { roles: ['admin'] },
      schema: {
        tags,
        summary: 'Add a user (admins); their Zoho account is linked when they first sign in',
        body: CreateUserSchema,
        response: { 201: UserEnvelope, ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const { org } = memberOf(request);
      const user = await createUser(db, dialect, org.org_id, request.body, { clock, ids });
      reply.status(201);
      return ok('user', user);
    },
  );

  app.put(
    '/:user_id',
    {
      config: { roles: ['admin'] },
      schema: {
        tags,
        summary: 'Change a user (admins)',
        description:
          'Send last_modified_time (or If-Match) to be refused with 409 if someone changed the user first.',
        params: UserParamsSchema,
        body: UpdateUserSchema,
        response: { 200: UserEnvelope, ...ErrorResponses },
      },
    },
    async (request) => {
      const { org } = memberOf(request);
      const { last_modified_time, ...changes } = request.body;
      const expected = expectedVersion(request, last_modified_time);
      return ok(
        'user',
        await updateUser(db, dialect, org.org_id, request.params.user_id, changes, expected, { clock }),
      );
    },
  );

  for (const status of ['active', 'inactive'] as const) {
    app.post(
      `/:user_id/${status}`,
      {
        config: { roles: ['admin'] },
        schema: {
          tags,
          summary: status === 'active' ? 'Make a user active (admins)' : 'Make a user inactive (admins)',
          params: UserParamsSchema,
          response: { 200: UserEnvelope, ...ErrorResponses },
        },
      },
      async (request) => {
        const { org } = memberOf(request);
        return ok(
          'user',
          await updateUser(db, dialect, org.org_id, request.params.user_id, { status }, undefined, { clock }),
        );
      },
    );
  }
};
export default routes;

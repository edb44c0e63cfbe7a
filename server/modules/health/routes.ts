import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sql } from 'kysely';
import { Type } from 'typebox';
import { appError } from '../../errors.js';

/** GET /api/v1/health: answers 200 only when the database answers. */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/health',
    {
      // Takes any query string: probes and monitors are set up outside this API (some add a
      // cache-buster), and the check reads nothing a misspelt parameter could change.
      config: { auth: 'public', strictQuery: false },
      schema: {
        tags: ['health'],
        summary: 'Liveness and database check',
        security: [],
        response: {
          200: Type.Object({ code: Type.Literal(0), message: Type.String(), database: Type.String() }),
          503: Type.Object({ code: Type.Integer(), message: Type.String() }),
        },
      },
    },
    async () => {
      try {
        await sql`select 1`.execute(app.ctx.db);
      } catch {
        throw appError('SERVICE_UNAVAILABLE', 'The database does not answer.');
      }
      return { code: 0 as const, message: 'success', database: app.ctx.dialect.name };
    },
  );
};
export default routes;

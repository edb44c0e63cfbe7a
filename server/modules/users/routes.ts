import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

/** Routes of /api/v1/... for this resource (filled in by its issue). */
const routes: FastifyPluginAsyncTypebox = async () => {};
export default routes;

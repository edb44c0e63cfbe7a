import type { FastifyPluginAsync } from 'fastify';

/** The CRM-like page and the ZOHO widget SDK stand-in (filled in by the widget issue). */
const hostPlugin: FastifyPluginAsync = async () => {};
export default hostPlugin;

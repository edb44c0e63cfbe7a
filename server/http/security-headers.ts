/**
 * Helmet's security headers on every answer. They depend only on the options, not on the request
 * (the content security policy, the one header that could carry per-request nonces, is off), so
 * helmet is asked for them once at start-up and each request only sets the result. Registering
 * @fastify/helmet instead costs two hooks and helmet's chain of a dozen middlewares per request.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/** The headers helmet sets with `options` (it also removes X-Powered-By, which Node never sends). */
function helmetHeaders(options: Readonly<HelmetOptions>): ReadonlyArray<[string, string]> {
  const headers: [string, string][] = [];
  const res = {
    setHeader: (name: string, value: unknown) => headers.push([name, String(value)]),
    removeHeader: () => undefined,
  };
  let ran = false;
  helmet(options)({} as IncomingMessage, res as unknown as ServerResponse, (err?: unknown) => {
    if (err) throw err;
    ran = true;
  });
  // Helmet's middleware is synchronous; one that were not would have set nothing by now.
  if (!ran) throw new Error('helmet did not finish synchronously');
  return headers;
}

export function installSecurityHeaders(app: FastifyInstance, options: Readonly<HelmetOptions>): void {
  const headers = helmetHeaders(options);
  app.addHook('onRequest', (_request, reply, done) => {
    // On the raw response, as helmet does, so that error answers carry them too.
    for (const [name, value] of headers) reply.raw.setHeader(name, value);
    done();
  });
}

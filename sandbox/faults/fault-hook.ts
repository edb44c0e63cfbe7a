/**
 * Applies injected faults before routing. Error bodies follow the service the path belongs to:
 * CRM's `{"code":"TOO_MANY_REQUESTS",...}` (Kaizen #203: exceeding the concurrency limits returns
 * TOO_MANY_REQUESTS) and `INTERNAL_ERROR`, People's `{"response":{...,"status":1}}`, Accounts'
 * `{"error":...}`. The control API (/__sandbox/) is never faulted.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { tokenOf } from '../crm/crm-auth.js';
import type { SandboxState } from '../state.js';

function faultBody(path: string, status: number): unknown {
  if (path.startsWith('/crm/')) {
    if (status === 429) {
      return {
        code: 'TOO_MANY_REQUESTS',
        details: {},
        message: 'too many requests, please try again later',
        status: 'error',
      };
    }
    return { code: 'INTERNAL_ERROR', details: {}, message: 'Internal Server Error', status: 'error' };
  }
  if (path.startsWith('/people/')) {
    const code = status === 429 ? 7209 : 7000;
    const message =
      status === 429
        ? 'API access blocked since threshold limit exceeded. Please try after some time'
        : 'Internal error';
    return {
      response: {
        message: 'Error occurred',
        uri: path.replace(/^\/people/, ''),
        errors: { code, message },
        status: 1,
      },
    };
  }
  return status === 429
    ? {
        error: 'Access Denied',
        error_description: 'You have made too many requests continuously. Please try again after some time.',
      }
    : { error: 'internal_error' };
}

export function installFaultHook(app: FastifyInstance, state: SandboxState): void {
  app.addHook('onRequest', async (request, reply: FastifyReply) => {
    const path = request.url.split('?', 1)[0]!;
    if (path.startsWith('/__sandbox')) return;
    const faults = state.faults.pick(request.method, path);
    for (const f of faults) {
      if (f.latencyMs) await sleep(f.latencyMs);
      if (f.expireToken) {
        const raw = tokenOf(request);
        const found = raw ? state.tokens.lookup(raw) : undefined;
        if (found?.ok) found.token.expiresAt = state.clock.now();
      }
      if (f.drop) {
        reply.hijack();
        request.raw.socket.destroy();
        return reply;
      }
      if (f.status) {
        if (f.status === 429) reply.header('retry-after', String(f.retryAfter ?? 1));
        return reply.code(f.status).send(faultBody(path, f.status));
      }
    }
    return undefined;
  });
}

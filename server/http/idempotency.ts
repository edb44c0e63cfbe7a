/**
 * Idempotency-Key on POST: the first request with a key runs and its answer is stored; a repeat
 * with the same key (same caller, same org, same method and path) gets that stored answer and
 * creates nothing. A repeat while the first is still running gets 409; the same key on another
 * path gets 422. Failed (5xx) answers are not stored, so the client can retry with the same key.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { appError } from '../errors.js';
import type { Clock } from '../ids.js';

const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;
/**
 * A key still marked in progress after this long belongs to a request whose process died before
 * answering (nothing it did was committed with the answer); the next retry takes the key over.
 */
const ABANDONED_AFTER_MS = 60_000;

declare module 'fastify' {
  interface FastifyRequest {
    idempotency: { org: string; user: string; key: string } | null;
  }
}

function scopeOf(request: FastifyRequest): { org: string; user: string } | null {
  if (request.member) return { org: request.member.org.org_id, user: request.member.user.user_id };
  if (request.identity) return { org: '-', user: `zuid:${request.identity.zuid}` };
  return null;
}

export const idempotencyPlugin = fp(
  async (app: FastifyInstance, opts: { db: Kysely<Database>; clock: Clock }) => {
    const { db } = opts;
    app.decorateRequest('idempotency', null);

    // Runs after the auth preHandler (registered later), so the caller is known.
    app.addHook('preHandler', async (request, reply) => {
      if (request.method !== 'POST') return;
      const raw = request.headers['idempotency-key'];
      if (raw === undefined) return;
      const key = Array.isArray(raw) ? raw[0] : raw;
      if (!key || !KEY_PATTERN.test(key)) {
        throw appError('INVALID_HEADER', 'Idempotency-Key must be 1 to 200 visible ASCII characters');
      }
      const scope = scopeOf(request);
      if (!scope) return;
      const path = request.url.split('?')[0] ?? request.url;
      const inserted = await db
        .insertInto('idempotency_keys')
        .values({
          org_scope: scope.org,
          user_scope: scope.user,
          idem_key: key,
          method: request.method,
          path,
          status_code: null,
          response: null,
          created_time: opts.clock().toISOString(),
        })
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) {
        request.idempotency = { ...scope, key };
        return;
      }
      const prior = await db
        .selectFrom('idempotency_keys')
        .selectAll()
        .where('org_scope', '=', scope.org)
        .where('user_scope', '=', scope.user)
        .where('idem_key', '=', key)
        .executeTakeFirst();
      if (!prior) throw appError('IDEMPOTENCY_IN_PROGRESS');
      if (prior.path !== path || prior.method !== request.method) throw appError('IDEMPOTENCY_KEY_REUSED');
      if (prior.status_code === null || prior.response === null) {
        const age = opts.clock().getTime() - Date.parse(prior.created_time);
        if (age < ABANDONED_AFTER_MS) throw appError('IDEMPOTENCY_IN_PROGRESS');
        const taken = await db
          .updateTable('idempotency_keys')
          .set({ created_time: opts.clock().toISOString() })
          .where('org_scope', '=', scope.org)
          .where('user_scope', '=', scope.user)
          .where('idem_key', '=', key)
          .where('created_time', '=', prior.created_time)
          .where('status_code', 'is', null)
          .executeTakeFirst();
        if (Number(taken.numUpdatedRows) !== 1) throw appError('IDEMPOTENCY_IN_PROGRESS');
        request.idempotency = { ...scope, key };
        return;
      }
      reply.header('idempotent-replayed', 'true');
      reply.header('content-type', 'application/json; charset=utf-8');
      return reply.status(prior.status_code).send(prior.response);
    });

    app.addHook('onSend', async (request, reply, payload) => {
      const idem = request.idempotency;
      if (!idem) return payload;
      request.idempotency = null;
      const where = db
        .updateTable('idempotency_keys')
        .where('org_scope', '=', idem.org)
        .where('user_scope', '=', idem.user)
        .where('idem_key', '=', idem.key);
      if (reply.statusCode >= 500 || typeof payload !== 'string') {
        await db
          .deleteFrom('idempotency_keys')
          .where('org_scope', '=', idem.org)
          .where('user_scope', '=', idem.user)
          .where('idem_key', '=', idem.key)
          .execute();
      } else {
        await where.set({ status_code: reply.statusCode, response: payload }).execute();
      }
      return payload;
    });
  },
  { name: 'dealspend-idempotency', dependencies: ['dealspend-auth'] },
);

/**
 * respondOnce: a route marked `idempotency: 'in-transaction'` stores its answer in the same
 * transaction as its write, so the write and the answer commit together or not at all. Exercised on
 * a small Fastify app with the real idempotency plugin and error handler, and a write that counts.
 */
import Fastify from 'fastify';
import fp from 'fastify-plugin';
import type { Kysely, Transaction } from 'kysely';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { Database } from '../../server/db/schema.js';
import { appError } from '../../server/errors.js';
import { installErrorHandling } from '../../server/http/error-handler.js';
import { type AnswerWrite, idempotencyPlugin, respondOnce } from '../../server/http/idempotency.js';
import { DIALECTS, openTestDatabase } from '../helpers/dialects.js';

const clock = () => new Date('2026-03-01T09:00:00.000Z');

/** What the route writes with its answer, chosen per test. */
type Write = AnswerWrite;

/** The same write as bumpCounter's first, as one row (PostgreSQL stores it with the answer in one statement). */
const oneRow: Write = { into: 'counters', row: { org_id: 'org-1', name: 'writes', value: 1 } };

async function bumpCounter(trx: Transaction<Database>) {
  await trx
    .insertInto('counters')
    .values({ org_id: 'org-1', name: 'writes', value: 1 })
    .onConflict((oc) =>
      oc.columns(['org_id', 'name']).doUpdateSet((eb) => ({ value: eb('counters.value', '+', 1) })),
    )
    .execute();
}

/**
 * `racer` runs after the plugin's check and before the handler, where a concurrent request with
 * the same key could commit its answer.
 */
async function setup(
  dialect: (typeof DIALECTS)[number],
  write: Write,
  racer?: (db: Kysely<Database>) => Promise<void>,
) {
  const database = await openTestDatabase(dialect);
  const db = database.db;
  const app = Fastify({ logger: false });
  installErrorHandling(app);
  // Stands in for the auth plugin: every caller is the same signed-in Zoho user.
  await app.register(
    fp(
      async (a) => {
        a.decorateRequest('identity', null);
        a.decorateRequest('member', null);
        a.addHook('onRequest', async (request) => {
          request.identity = { zuid: 'zuid-1', email: 'rep@example.com', name: 'Rep' };
        });
      },
      { name: 'dealspend-auth' },
    ),
  );
  await app.register(idempotencyPlugin, { db, clock });
  app.post(
    '/things',
    {
      config: { idempotency: 'in-transaction' },
      preHandler: async () => {
        await racer?.(db);
      },
      schema: {
        response: {
          201: {
            type: 'object',
            properties: { code: { type: 'integer' }, thing: { type: 'string' } },
          },
        },
      },
    },
    (request, reply) =>
      respondOnce(
        db,
        request,
        reply,
        201,
        { code: 0, thing: 'made', not_in_schema: 'dropped by the serializer' },
        write,
        clock,
      ),
  );
  await app.ready();
  onTestFinished(async () => {
    await app.close();
    await database.destroy();
  });
  const post = (key: string) =>
    app.inject({ method: 'POST', url: '/things', headers: { 'idempotency-key': key }, payload: {} });
  const writes = async () =>
    Number(
      (await db.selectFrom('counters').select('value').where('name', '=', 'writes').executeTakeFirst())
        ?.value ?? 0,
    );
  return { app, db, post, writes };
}

describe.each(DIALECTS)('answers stored with the write on %s', (dialect) => {
  it.each([
    ['a transaction', bumpCounter],
    ['one row', oneRow],
  ] as const)(
    'the first request writes once (%s) and stores exactly the bytes it sent; a repeat replays them',
    async (_, write) => {
      const { post, writes, db } = await setup(dialect, write);
      const first = await post('k-1');
      expect(first.statusCode).toBe(201);
      expect(first.json()).toEqual({ code: 0, thing: 'made' });
      const stored = await db.selectFrom('idempotency_keys').selectAll().executeTakeFirstOrThrow();
      expect(stored.status_code).toBe(201);
      expect(stored.response).toBe(first.body);
      const repeat = await post('k-1');
      expect(repeat.statusCode).toBe(201);
      expect(repeat.headers['idempotent-replayed']).toBe('true');
      expect(repeat.body).toBe(first.body);
      expect(await writes()).toBe(1);
    },
  );

  it.each([
    ['a transaction', bumpCounter],
    ['one row', oneRow],
  ] as const)(
    'when another request stored an answer under the key first, this write (%s) is undone and gets 409',
    async (_, write) => {
      const { post, writes } = await setup(dialect, write, async (db) => {
        await db
          .insertInto('idempotency_keys')
          .values({
            org_scope: '-',
            user_scope: 'zuid:zuid-1',
            idem_key: 'raced',
            method: 'POST',
            path: '/things',
            status_code: 201,
            response: '{"code":0,"thing":"made by the other request"}',
            created_time: clock().toISOString(),
          })
          .execute();
      });
      const res = await post('raced');
      expect(res.statusCode).toBe(409);
      expect(res.json().message).toMatch(/Idempotency-Key/);
      expect(await writes()).toBe(0);
    },
  );

  it('a write that fails leaves nothing behind but its 4xx answer, which a repeat replays', async () => {
    const { post, writes, db } = await setup(dialect, async (trx) => {
      await bumpCounter(trx);
      throw appError('INVALID_INPUT', 'thing is not allowed');
    });
    const first = await post('k-bad');
    expect(first.statusCode).toBe(400);
    expect(await writes()).toBe(0);
    const repeat = await post('k-bad');
    expect(repeat.statusCode).toBe(400);
    expect(repeat.headers['idempotent-replayed']).toBe('true');
    expect(await db.selectFrom('idempotency_keys').select('status_code').execute()).toEqual([
      { status_code: 400 },
    ]);
  });

  it('a write that fails with a server error stores nothing, so a retry with the same key runs again', async () => {
    let fail = true;
    const { post, writes } = await setup(dialect, async (trx) => {
      await bumpCounter(trx);
      if (fail) throw new Error('database went away');
    });
    expect((await post('k-retry')).statusCode).toBe(500);
    fail = false;
    const retry = await post('k-retry');
    expect(retry.statusCode).toBe(201);
    expect(await writes()).toBe(1);
  });

  it('a row the database refuses is a server error that stores no answer, so a retry runs again', async () => {
    let row: Record<string, unknown> = { org_id: 'org-1', name: 'writes', value: null };
    const { post, writes, db } = await setup(dialect, {
      into: 'counters',
      get row() {
        return row;
      },
    });
    expect((await post('k-refused')).statusCode).toBe(500);
    expect(await db.selectFrom('idempotency_keys').selectAll().execute()).toEqual([]);
    row = { org_id: 'org-1', name: 'writes', value: 1 };
    const retry = await post('k-refused');
    expect(retry.statusCode).toBe(201);
    expect(await writes()).toBe(1);
  });

  it('without an Idempotency-Key the row is written once and nothing is stored', async () => {
    const { app, writes, db } = await setup(dialect, oneRow);
    expect((await app.inject({ method: 'POST', url: '/things', payload: {} })).statusCode).toBe(201);
    expect(await writes()).toBe(1);
    expect(await db.selectFrom('idempotency_keys').selectAll().execute()).toEqual([]);
  });
});

/**
 * Idempotency-Key on POST: the first request with a key runs and its answer is stored; a repeat
 * with the same key (same caller, same org, same method and path) gets that stored answer and
 * creates nothing. The same key on another path gets 422. Failed (5xx) answers are not stored, nor
 * errors that ask for the same request again (sendAgain in the catalogue), so the client can retry
 * with the same key.
 *
 * Two ways to keep the promise:
 * - Routes marked `config: { idempotency: 'in-transaction' }` write through `respondOnce`, which
 *   stores the answer in the write's own transaction: the write and its answer commit together or
 *   not at all, so even a crash right after the commit cannot make a retry write twice. What is
 *   already stored under their key is read with the caller's membership (keyToReadWithMember), or
 *   on its own when the membership was kept from an earlier request (auth/member-cache.ts).
 * - Every other POST claims the key before its handler runs and stores the answer as it is sent. A
 *   repeat while the first is still running gets 409; a claim left by a process that died is taken
 *   over after a minute.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import {
  type Expression,
  type ExpressionBuilder,
  type Kysely,
  type QueryCreator,
  type Selectable,
  type SqlBool,
  sql,
  type Transaction,
} from 'kysely';
import type { StoredKey } from '../auth/membership.js';
import { dialectOf } from '../db/dialect.js';
import {
  conditionHolds,
  conditionHoldsNow,
  conditionShape,
  conditionValues,
  parseShape,
  prepare,
  prepareInsert,
  prepareShapes,
  type RowCondition,
} from '../db/prepared.js';
import type { Database, IdempotencyKeysTable } from '../db/schema.js';
import { writeNow } from '../db/sqlite-now.js';
import { AppError, appError, ERROR_CATALOGUE, type ErrorKey } from '../errors.js';
import type { Clock } from '../ids.js';

const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;
/**
 * A claim still without an answer after this long belongs to a request whose process died before
 * answering; the next retry takes the key over.
 */
const ABANDONED_AFTER_MS = 60_000;
const JSON_TYPE = 'application/json; charset=utf-8';

interface KeyScope {
  org: string;
  user: string;
  key: string;
  method: string;
  path: string;
}

interface RequestKey extends KeyScope {
  /** The route stores its answer in its own transaction (respondOnce). */
  inTransaction: boolean;
  /** The answer is stored; nothing is left for onSend to do. */
  stored: boolean;
  /** The answer is an error that asks for the same request again (sendAgain): it is not kept. */
  sendAgain?: boolean;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    idempotency?: 'in-transaction';
  }
  interface FastifyRequest {
    idempotency: RequestKey | null;
    /** What the auth hook read under the request's key with its member (keyToReadWithMember). */
    storedKeyRead: { key: string; row: StoredKey | null } | null;
  }
}

/**
 * The Idempotency-Key whose stored answer the auth hook reads with the member, in the same
 * statement (see resolveMember): a well-formed key on a POST to a route that stores its answer
 * in-transaction. Anything else is left to the preHandler below.
 */
export function keyToReadWithMember(request: FastifyRequest): string | undefined {
  if (request.method !== 'POST' || request.routeOptions.config?.idempotency !== 'in-transaction') return;
  const key = request.headers['idempotency-key'];
  return typeof key === 'string' && KEY_PATTERN.test(key) ? key : undefined;
}

type Db = Kysely<Database> | Transaction<Database>;

function scopeOf(request: FastifyRequest): { org: string; user: string } | null {
  if (request.member) return { org: request.member.org.org_id, user: request.member.user.user_id };
  if (request.identity) return { org: '-', user: `zuid:${request.identity.zuid}` };
  return null;
}

/** The stored key, if any (prepared: every create runs it). */
const findKey = prepare((db, k: { org: string; user: string; key: string }) =>
  db
    .selectFrom('idempotency_keys')
    .selectAll()
    .where('org_scope', '=', k.org)
    .where('user_scope', '=', k.user)
    .where('idem_key', '=', k.key),
);

async function whereKey(db: Db, k: KeyScope) {
  return (await findKey(db, k)).rows[0];
}

/**
 * The statement that stores `response` as the answer to the request's key unless an answer is
 * already stored (a claim without an answer may be completed).
 */
function storeAnswerQuery(
  db: QueryCreator<Database>,
  k: KeyScope,
  statusCode: number,
  response: string,
  now: string,
  onlyIf?: (eb: ExpressionBuilder<any, any>) => Expression<SqlBool>,
) {
  const answer = {
    org_scope: k.org,
    user_scope: k.user,
    idem_key: k.key,
    method: k.method,
    path: k.path,
    status_code: statusCode,
    response,
    created_time: now,
  };
  const into = db.insertInto('idempotency_keys');
  // With a condition: INSERT … SELECT the values WHERE it holds.
  const insert = onlyIf
    ? into
        .columns(Object.keys(answer) as (keyof typeof answer)[])
        .expression(
          (db as unknown as QueryCreator<any>)
            .selectNoFrom((eb) => Object.entries(answer).map(([c, v]) => eb.val(v).as(c)))
            .where(onlyIf),
        )
    : into.values(answer);
  return insert.onConflict((oc) =>
    oc
      .columns(['org_scope', 'user_scope', 'idem_key'])
      .doUpdateSet({ status_code: statusCode, response })
      .where('idempotency_keys.status_code', 'is', null),
  );
}

/** What storeAnswerQuery binds, as one record of slots. */
interface Answer extends KeyScope {
  status_code: number;
  response: string;
  now: string;
}

const storeAnswerPrepared = prepare((db, a: Answer) =>
  storeAnswerQuery(db, a, a.status_code, a.response, a.now),
);

/** Stores the answer; false when another request with the same key stored its answer first. */
async function storeAnswer(db: Db, k: KeyScope, statusCode: number, response: string, now: string) {
  const res = await storeAnswerPrepared(db, { ...k, status_code: statusCode, response, now });
  return Number(res.numAffectedRows ?? 0) === 1;
}

/** The same within writeNow. */
function storeAnswerNow(db: Db, k: KeyScope, statusCode: number, response: string, now: string) {
  const res = storeAnswerPrepared.now(db, { ...k, status_code: statusCode, response, now });
  return Number(res.numAffectedRows ?? 0) === 1;
}

/** A write that is one new row in one table, and nothing else. */
export interface SingleInsert {
  into: keyof Database & string;
  row: Record<string, unknown>;
  /**
   * The row is written only while the condition's row exists, checked by the write's own statement;
   * otherwise nothing is written, no answer is stored, and the request fails with `error` (an
   * error that asks for the request again: sendAgain).
   */
  onlyIf?: RowCondition & { error: ErrorKey };
}

/** What a route writes with its answer: a function run in the answer's transaction, or one row. */
export type AnswerWrite = ((trx: Transaction<Database>) => Promise<void>) | SingleInsert;

/**
 * On PostgreSQL a single row and its answer go in one autocommitted statement: the answer is stored
 * by a data-modifying WITH, and the row is inserted once per answer stored, so none when another
 * request stored its answer first (or the write's condition does not hold: then the answer is not
 * stored either). A transaction would hold the row locks the insert's triggers take (the analytics
 * rollups) across one more round trip, to COMMIT, during which every other create waits on them.
 * Returns false when nothing was written.
 */
async function insertWithAnswer(
  db: Kysely<Database>,
  k: KeyScope | null,
  write: SingleInsert,
  statusCode: number,
  response: string,
  now: string,
): Promise<boolean> {
  if (!k) return (await insertRow(db, write)) === 1;
  const values: Record<string, unknown> = { ...k, status_code: statusCode, response, now };
  for (const [c, v] of Object.entries(write.row)) values[`row.${c}`] = v;
  let shape = `${write.into}(${Object.keys(write.row).join(',')})`;
  if (write.onlyIf) {
    shape += `|${conditionShape(write.onlyIf)}`;
    Object.assign(values, conditionValues(write.onlyIf));
  }
  const res = await insertRowWithAnswer(db, shape, values);
  return Number(res.numAffectedRows ?? 0) === 1;
}

/**
 * `into(col,col,…)`, optionally `|table(col,…)` for the write's condition → the INSERT … SELECT of
 * insertWithAnswer, prepared per table and columns.
 */
const insertRowWithAnswer = prepareShapes<string, Record<string, unknown>, never>((db, slots, shape) => {
  const [target = '', onlyIf] = shape.split('|');
  const { table: into, columns } = parseShape(target);
  const a = slots as unknown as Answer;
  const anyDb = db as unknown as Kysely<any>;
  return (
    anyDb
      .with('answer', (qc) => {
        if (!onlyIf)
          return storeAnswerQuery(qc, a, a.status_code, a.response, a.now).returning(sql`1`.as('stored'));
        // The answer is stored only while the condition holds, so the row (inserted once per answer
        // stored) is too: data-modifying WITHs run whether or not the statement reads them.
        const condition = parseShape(onlyIf);
        return storeAnswerQuery(qc, a, a.status_code, a.response, a.now, (eb) =>
          conditionHolds(eb, slots, condition.table, condition.columns),
        ).returning(sql`1`.as('stored'));
      })
      .insertInto(into)
      .columns(columns)
      // Parameters here take the target columns' types (INSERT … SELECT), as in a VALUES list.
      .expression((eb) => eb.selectFrom('answer').select(columns.map((c) => eb.val(slots[`row.${c}`]).as(c))))
  );
});

const inserters = new Map<string, ReturnType<typeof prepareInsert>>();

function inserterOf(table: keyof Database & string) {
  let insert = inserters.get(table);
  if (!insert) {
    insert = prepareInsert(table);
    inserters.set(table, insert);
  }
  return insert;
}

/** Inserts the write's row (prepared per table), on its condition if it has one. */
function insertRow(db: Db, write: SingleInsert): Promise<number> {
  return inserterOf(write.into)(db, write.row, write.onlyIf);
}

/** The same within writeNow. */
function insertRowNow(db: Db, write: SingleInsert): number {
  return inserterOf(write.into).now(db, write.row, write.onlyIf);
}

/**
 * On SQLite, the answer and the row in one transaction begun and committed at once (writeNow), when
 * the connection is free for it. Returns false, having done nothing, when it is not.
 */
function writeRowNow(
  db: Kysely<Database>,
  k: KeyScope | null,
  write: SingleInsert,
  statusCode: number,
  response: string,
  now: string,
): boolean {
  const done = writeNow(db, () => {
    if (k && !storeAnswerNow(db, k, statusCode, response, now)) throw appError('IDEMPOTENCY_IN_PROGRESS');
    // Only a condition stops the row; the answer stored above is then rolled back with it.
    if (insertRowNow(db, write) !== 1 && write.onlyIf) throw appError(write.onlyIf.error);
  });
  return done !== undefined;
}

/**
 * Stores `payload` as the answer under the request's Idempotency-Key and writes, atomically, then
 * sends the answer. The answer is known before the write, so the write can be the transaction's
 * last statement (or, for one row on PostgreSQL, share a single statement with it). It is
 * serialised by the route's response schema, exactly as sent.
 */
export async function respondOnce(
  db: Kysely<Database>,
  request: FastifyRequest,
  reply: FastifyReply,
  statusCode: number,
  payload: unknown,
  write: AnswerWrite,
  clock: Clock,
): Promise<FastifyReply> {
  const text = String(reply.code(statusCode).serialize(payload));
  const idem = request.idempotency;
  const now = clock().toISOString();
  if (typeof write !== 'function' && dialectOf(db) === 'postgres') {
    if (!(await insertWithAnswer(db, idem, write, statusCode, text, now))) {
      // Nothing was written. Either the write's condition failed (asked only now, on this rare
      // path, to keep the write itself one statement), or another request with this key committed
      // first, and the client's retry gets that first answer.
      if (write.onlyIf && !(await conditionHoldsNow(db, write.onlyIf))) throw appError(write.onlyIf.error);
      throw appError('IDEMPOTENCY_IN_PROGRESS');
    }
  } else if (typeof write === 'function' || !writeRowNow(db, idem, write, statusCode, text, now)) {
    // A function's writes, or one row when SQLite cannot take it at once (writeRowNow).
    await db.transaction().execute(async (trx) => {
      if (idem && !(await storeAnswer(trx, idem, statusCode, text, now)))
        throw appError('IDEMPOTENCY_IN_PROGRESS');
      if (typeof write === 'function') await write(trx);
      // Only a condition stops the row; the answer stored above is then rolled back with it.
      else if ((await insertRow(trx, write)) !== 1 && write.onlyIf) throw appError(write.onlyIf.error);
    });
  }
  if (idem) idem.stored = true;
  return reply.type(JSON_TYPE).send(text);
}

export const idempotencyPlugin = fp(
  async (app: FastifyInstance, opts: { db: Kysely<Database>; clock: Clock }) => {
    const { db, clock } = opts;
    app.decorateRequest('idempotency', null);
    app.decorateRequest('storedKeyRead', null);

    /** Answers a repeat from what the first request with the key left, or refuses it. */
    async function answerRepeat(
      request: FastifyRequest,
      reply: FastifyReply,
      k: KeyScope,
      prior: Selectable<IdempotencyKeysTable> | undefined,
      inTransaction: boolean,
    ) {
      if (!prior) throw appError('IDEMPOTENCY_IN_PROGRESS');
      if (prior.path !== k.path || prior.method !== k.method) throw appError('IDEMPOTENCY_KEY_REUSED');
      if (prior.status_code === null || prior.response === null) {
        const age = clock().getTime() - Date.parse(prior.created_time);
        if (age < ABANDONED_AFTER_MS) throw appError('IDEMPOTENCY_IN_PROGRESS');
        const taken = await db
          .updateTable('idempotency_keys')
          .set({ created_time: clock().toISOString() })
          .where('org_scope', '=', k.org)
          .where('user_scope', '=', k.user)
          .where('idem_key', '=', k.key)
          .where('created_time', '=', prior.created_time)
          .where('status_code', 'is', null)
          .executeTakeFirst();
        if (Number(taken.numUpdatedRows) !== 1) throw appError('IDEMPOTENCY_IN_PROGRESS');
        request.idempotency = { ...k, inTransaction, stored: false };
        return;
      }
      reply.header('idempotent-replayed', 'true');
      reply.header('content-type', JSON_TYPE);
      return reply.status(prior.status_code).send(prior.response);
    }

    // Auth ran in onRequest, so the caller is known; this runs after validation, so a malformed
    // body is refused (400) without claiming the key.
    async function takeKey(request: FastifyRequest, reply: FastifyReply, raw: string | string[]) {
      const key = Array.isArray(raw) ? raw[0] : raw;
      if (!key || !KEY_PATTERN.test(key)) {
        throw appError('INVALID_HEADER', 'Idempotency-Key must be 1 to 200 visible ASCII characters');
      }
      const scope = scopeOf(request);
      if (!scope) return;
      const k: KeyScope = { ...scope, key, method: request.method, path: request.url.split('?')[0] ?? '' };

      if (request.routeOptions.config?.idempotency === 'in-transaction') {
        // Nothing is written before the handler: the answer is stored with the write itself.
        const read = request.storedKeyRead;
        const prior =
          read && read.key === key && request.member ? (read.row ?? undefined) : await whereKey(db, k);
        if (!prior) {
          request.idempotency = { ...k, inTransaction: true, stored: false };
          return;
        }
        return answerRepeat(request, reply, k, prior, true);
      }

      const inserted = await db
        .insertInto('idempotency_keys')
        .values({
          org_scope: k.org,
          user_scope: k.user,
          idem_key: k.key,
          method: k.method,
          path: k.path,
          status_code: null,
          response: null,
          created_time: clock().toISOString(),
        })
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) {
        request.idempotency = { ...k, inTransaction: false, stored: false };
        return;
      }
      return answerRepeat(request, reply, k, await whereKey(db, k), false);
    }

    // A plain hook rather than an async one: most requests carry no key and go on at once.
    app.addHook('preHandler', (request, reply, done) => {
      const raw = request.method === 'POST' ? request.headers['idempotency-key'] : undefined;
      if (raw === undefined) return done();
      takeKey(request, reply, raw).then(() => done(), done);
    });

    // An error that asks for the same request again is not kept as the key's answer (onSend).
    app.addHook('onError', async (request, _reply, error) => {
      if (request.idempotency && error instanceof AppError && ERROR_CATALOGUE[error.key].sendAgain)
        request.idempotency.sendAgain = true;
    });

    // Answers not stored by respondOnce: claimed keys, and errors of in-transaction routes.
    async function settleKey(
      request: FastifyRequest,
      reply: FastifyReply,
      idem: RequestKey,
      payload: unknown,
    ) {
      request.idempotency = null;
      const failed = reply.statusCode >= 500 || typeof payload !== 'string' || idem.sendAgain === true;
      if (failed) {
        // Release a claim so the client can retry with the same key.
        if (!idem.inTransaction)
          await db
            .deleteFrom('idempotency_keys')
            .where('org_scope', '=', idem.org)
            .where('user_scope', '=', idem.user)
            .where('idem_key', '=', idem.key)
            .where('status_code', 'is', null)
            .execute();
      } else {
        await storeAnswer(db, idem, reply.statusCode, payload, clock().toISOString());
      }
    }

    // Plain, as above: most answers have no key left to settle.
    app.addHook('onSend', (request, reply, payload, done) => {
      const idem = request.idempotency;
      if (!idem || idem.stored) return done(null, payload);
      settleKey(request, reply, idem, payload).then(() => done(null, payload), done);
    });
  },
  { name: 'dealspend-idempotency', dependencies: ['dealspend-auth'] },
);

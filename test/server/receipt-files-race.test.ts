import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/dialects.js';
import { createStatementGate, instanceWith, isBlocked, track, waitUntil } from '../helpers/statement-gate.js';
import { buildExpenseWorld } from './expenses-fixture.js';
import { multipartBody, SAMPLES } from './receipt-samples.js';

type World = Awaited<ReturnType<typeof buildExpenseWorld>>;

type Deletion = {
  name: string;
  /** Puts the bytes on something deletable; returns the DELETE url. */
  arrange(w: World): Promise<string>;
};

const DELETIONS: Deletion[] = [
  {
    name: 'deleting an inbox receipt',
    async arrange(w) {
      const body = multipartBody(SAMPLES.png);
      const res = await w.app.inject({
        method: 'POST',
        url: '/api/v1/receipts',
        headers: { ...w.h.rep, ...body.headers },
        payload: body.payload,
      });
      return `/api/v1/receipts/${res.json().receipt.receipt_id}`;
    },
  },
  {
    name: 'deleting a receipt of an expense',
    async arrange(w) {
      const e = await w.createExpense({ amount: 10 });
      const id = (await attach(w.app, w, e.expense_id)).json().receipt.receipt_id;
      return `/api/v1/expenses/${e.expense_id}/receipts/${id}`;
    },
  },
  {
    name: 'deleting an expense with the receipt',
    async arrange(w) {
      const e = await w.createExpense({ amount: 10 });
      await attach(w.app, w, e.expense_id);
      return `/api/v1/expenses/${e.expense_id}`;
    },
  },
];

function attach(app: World['app'], w: World, expenseId: string) {
  const body = multipartBody(SAMPLES.png, { fileName: 'same.png' });
  return app.inject({
    method: 'POST',
    url: `/api/v1/expenses/${expenseId}/receipt`,
    headers: { ...w.h.rep, ...body.headers },
    payload: body.payload,
  });
}

async function expectDownloadable(w: World, expenseId: string, receiptId: string) {
  const res = await w.app.inject({
    method: 'GET',
    url: `/api/v1/expenses/${expenseId}/receipts/${receiptId}`,
    headers: w.h.rep,
  });
  expect(res.statusCode, res.body).toBe(200);
  expect(new Uint8Array(res.rawPayload)).toEqual(SAMPLES.png);
}

describe.each(DIALECTS)('receipt files shared by a deletion and an upload on %s', (dialect) => {
  it.each(DELETIONS.map((d) => [d.name, d] as const))(
    '%s while the same bytes are being attached keeps the new receipt’s bytes',
    async (_name, { arrange }) => {
      const w = await buildExpenseWorld(dialect);
      const deleteUrl = await arrange(w);
      const target = await w.createExpense({ amount: 20 });
      const uploader = createStatementGate({ kind: 'InsertQueryNode', table: 'files' });
      const deleter = createStatementGate(null);
      const uploaderApp = await instanceWith(w.database, uploader.plugin, {
        clock: w.app.ctx.clock,
        ids: w.app.ctx.ids,
      });
      const deleterApp = await instanceWith(w.database, deleter.plugin, {
        clock: w.app.ctx.clock,
        ids: w.app.ctx.ids,
      });

      // The upload finds the file already stored and is held before it records its receipt.
      const upload = track(attach(uploaderApp, w, target.expense_id));
      await uploader.reachedHold;
      // The deletion runs as far as it can: it must not get past the held upload.
      const deletion = track(deleterApp.inject({ method: 'DELETE', url: deleteUrl, headers: w.h.rep }));
      await waitUntil(async () => deletion.done || (await isBlocked(dialect, w.db, deleter, 'files')));
      uploader.release();

      const [uploaded, deleted] = await Promise.all([upload.promise, deletion.promise]);
      expect(uploaded.statusCode, uploaded.body).toBe(201);
      expect(deleted.statusCode, deleted.body).toBe(200);
      await expectDownloadable(w, target.expense_id, uploaded.json().receipt.receipt_id);
      expect(await w.count('receipts')).toBe(1);
      expect(await w.count('files')).toBe(1);
    },
  );

  it('an upload of bytes a deletion has just removed, not yet committed, stores them again', async () => {
    const w = await buildExpenseWorld(dialect);
    const deleteUrl = await DELETIONS[1]!.arrange(w);
    const target = await w.createExpense({ amount: 20 });
    const deleter = createStatementGate({ kind: 'DeleteQueryNode', table: 'files' });
    const uploader = createStatementGate(null);
    const deleterApp = await instanceWith(w.database, deleter.plugin, {
      clock: w.app.ctx.clock,
      ids: w.app.ctx.ids,
    });
    const uploaderApp = await instanceWith(w.database, uploader.plugin, {
      clock: w.app.ctx.clock,
      ids: w.app.ctx.ids,
    });

    // The deletion has removed the file and is held before it commits.
    const deletion = track(deleterApp.inject({ method: 'DELETE', url: deleteUrl, headers: w.h.rep }));
    await deleter.reachedHold;
    const upload = track(attach(uploaderApp, w, target.expense_id));
    await waitUntil(async () => upload.done || (await isBlocked(dialect, w.db, uploader, 'files')));
    deleter.release();

    const [deleted, uploaded] = await Promise.all([deletion.promise, upload.promise]);
    expect(deleted.statusCode, deleted.body).toBe(200);
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    await expectDownloadable(w, target.expense_id, uploaded.json().receipt.receipt_id);
    expect(await w.count('files')).toBe(1);
  });
});

import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/dialects.js';
import { buildExpenseWorld } from './expenses-fixture.js';
import { multipartBody, SAMPLES } from './receipt-samples.js';

type World = Awaited<ReturnType<typeof buildExpenseWorld>>;

function upload(
  w: World,
  url: string,
  file: Uint8Array,
  opts: { field?: string; fileName?: string; contentType?: string; who?: Record<string, string> } = {},
) {
  const body = multipartBody(file, opts);
  return w.app.inject({
    method: 'POST',
    url,
    headers: { ...(opts.who ?? w.h.rep), ...body.headers },
    payload: body.payload,
  });
}

describe.each(DIALECTS)('receipts API on %s', (dialect) => {
  describe('receipts of an expense', () => {
    it('attaches a receipt, stores the sniffed type and lists it on the expense', async () => {
      const w = await buildExpenseWorld(dialect);
      const e = await w.createExpense({});
      const res = await upload(w, `/api/v1/expenses/${e.expense_id}/receipt`, SAMPLES.png, {
        fileName: 'lunch.png',
      });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().receipt).toMatchObject({
        expense_id: e.expense_id,
        file_name: 'lunch.png',
        content_type: 'image/png',
        size: SAMPLES.png.byteLength,
        duplicate_of: [],
      });
      const got = await w.app.inject({
        method: 'GET',
        url: `/api/v1/expenses/${e.expense_id}`,
        headers: w.h.rep,
      });
      expect(got.json().expense.receipts).toEqual([
        expect.objectContaining({
          receipt_id: res.json().receipt.receipt_id,
          file_name: 'lunch.png',
          content_type: 'image/png',
        }),
      ]);
    });

    it('accepts every supported type, TIFF in both byte orders', async () => {
      const w = await buildExpenseWorld(dialect);
      const cases: [keyof typeof SAMPLES, string][] = [
        ['jpeg', 'image/jpeg'],
        ['gif', 'image/gif'],
        ['pdf', 'application/pdf'],
        ['tiffLittle', 'image/tiff'],
        ['tiffBig', 'image/tiff'],
        ['bmp', 'image/bmp'],
        ['heic', 'image/heic'],
        ['heif', 'image/heif'],
      ];
      for (const [name, type] of cases) {
        const e = await w.createExpense({});
        const res = await upload(w, `/api/v1/expenses/${e.expense_id}/receipt`, SAMPLES[name], {
          fileName: 'scan',
        });
        expect(res.statusCode, name).toBe(201);
        expect(res.json().receipt.content_type, name).toBe(type);
      }
    });

    it('downloads the receipt with its content type and file name', async () => {
      const w = await buildExpenseWorld(dialect);
      const e = await w.createExpense({});
      const up = await upload(w, `/api/v1/expenses/${e.expense_id}/receipt`, SAMPLES.pdf, {
        fileName: 'Hôtel bill.pdf',
      });
      const id = up.json().receipt.receipt_id;
      const res = await w.app.inject({
        method: 'GET',
        url: `/api/v1/expenses/${e.expense_id}/receipts/${id}`,
        headers: w.h.rep,
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.headers['content-disposition']).toBe(
        `attachment; filename="H_tel bill.pdf"; filename*=UTF-8''${encodeURIComponent('Hôtel bill.pdf')}`,
      );
      expect(new Uint8Array(res.rawPayload)).toEqual(SAMPLES.pdf);
      const stranger = await w.app.inject({
        method: 'GET',
        url: `/api/v1/expenses/${e.expense_id}/receipts/${id}`,
        headers: w.h.rep2,
      });
      expect(stranger.statusCode).toBe(404);
    });

    it('refuses a sixth receipt (TOO_MANY_RECEIPTS)', async () => {
      const w = await buildExpenseWorld(dialect);
      const e = await w.createExpense({});
      for (let i = 0; i < 5; i++) {
        const res = await upload(w, `/api/v1/expenses/${e.expense_id}/receipt`, SAMPLES.jpeg);
        expect(res.statusCode).toBe(201);
      }
      const sixth = await upload(w, `/api/v1/expenses/${e.expense_id}/receipt`, SAMPLES.jpeg);
      expect(sixth.statusCode).toBe(400);
      expect(sixth.json().code).toBe(1009);
      expect(await w.count('receipts')).toBe(5);
    });

    it('twelve uploads at once to one expense store exactly five; the rest get TOO_MANY_RECEIPTS', async () => {
      const w = await buildExpenseWorld(dialect);
      const e = await w.createExpense({});
      // Different bytes each, so every upload would store a file of its own.
      const files = Array.from({ length: 12 }, (_, i) => Uint8Array.from([...SAMPLES.png, i]));
      const answers = await Promise.all(
        files.map((f) => upload(w, `/api/v1/expenses/${e.expense_id}/receipt`, f)),
      );
      const statuses = answers.map((r) => r.statusCode).sort();
      expect(statuses).toEqual([...Array(5).fill(201), ...Array(7).fill(400)]);
      for (const r of answers.filter((a) => a.statusCode === 400)) expect(r.json().code).toBe(1009);
      expect(await w.count('receipts')).toBe(5);
      expect(await w.count('files')).toBe(5);
    });

    it('stores the same bytes once per organisation and flags them as a duplicate receipt', async () => {
      const w = await buildExpenseWorld(dialect);
      const a = await w.createExpense({ amount: 10 });
      const b = await w.createExpense({ amount: 20 });
      await upload(w, `/api/v1/expenses/${a.expense_id}/receipt`, SAMPLES.gif);
      const second = await upload(w, `/api/v1/expenses/${b.expense_id}/receipt`, SAMPLES.gif);
      expect(second.json().receipt.duplicate_of).toEqual([a.expense_id]);
      expect(await w.count('files')).toBe(1);
      expect(await w.count('receipts')).toBe(2);
      const got = await w.app.inject({
        method: 'GET',
        url: `/api/v1/expenses/${b.expense_id}`,
        headers: w.h.rep,
      });
      expect(got.json().expense.duplicate_of).toEqual([a.expense_id]);
    });

    it('refuses a file over 7 MB with 413 and stores nothing', async () => {
      const w = await buildExpenseWorld(dialect);
      const e = await w.createExpense({});
      const big = new Uint8Array(7 * 1024 * 1024 + 1);
      big.set(SAMPLES.png);
      const res = await upload(w, `/api/v1/expenses/${e.expense_id}/receipt`, big);
      expect(res.statusCode).toBe(413);
      expect(res.json().code).toBe(1007);
      expect(await w.count('receipts')).toBe(0);
      expect(await w.count('files')).toBe(0);
    });

    it('accepts a file of exactly 7 MB', async () => {
      const w = await buildExpenseWorld(dialect);
      const e = await w.createExpense({});
      const max = new Uint8Array(7 * 1024 * 1024);
      max.set(SAMPLES.png);
      const res = await upload(w, `/api/v1/expenses/${e.expense_id}/receipt`, max);
      expect(res.statusCode, res.body).toBe(201);
    });

    it('refuses unknown content and mislabelled files with 415', async () => {
      const w = await buildExpenseWorld(dialect);
      const e = await w.createExpense({});
      const url = `/api/v1/expenses/${e.expense_id}/receipt`;
      const text = await upload(w, url, SAMPLES.text, { fileName: 'receipt.png', contentType: 'image/png' });
      expect(text.statusCode).toBe(415);
      expect(text.json().code).toBe(1008);
      const wrongType = await upload(w, url, SAMPLES.png, { contentType: 'image/jpeg', fileName: 'x' });
      expect(wrongType.statusCode).toBe(415);
      expect(wrongType.json().code).toBe(6106);
      const wrongName = await upload(w, url, SAMPLES.jpeg, { fileName: 'invoice.pdf' });
      expect(wrongName.statusCode).toBe(415);
      expect(await w.count('receipts')).toBe(0);
    });

    it('refuses with 415 a file that only starts like a PNG, even labelled as one, and stores nothing', async () => {
      const w = await buildExpenseWorld(dialect);
      const e = await w.createExpense({});
      // The PNG signature, then the bytes of a text file instead of an IHDR chunk.
      const forged = Uint8Array.from([...SAMPLES.png.subarray(0, 8), ...SAMPLES.text, ...SAMPLES.text]);
      for (const url of [`/api/v1/expenses/${e.expense_id}/receipt`, '/api/v1/receipts']) {
        const res = await upload(w, url, forged, { fileName: 'receipt.png', contentType: 'image/png' });
        expect(res.statusCode, url).toBe(415);
        expect(res.json()).toEqual({
          code: 1008,
          message: 'The file is not a supported receipt type (jpg, png, gif, pdf, tiff, bmp, heic).',
        });
      }
      expect(await w.count('receipts')).toBe(0);
      expect(await w.count('files')).toBe(0);
    });

    it('refuses a missing file, a wrong field name and a JSON body with 400', async () => {
      const w = await buildExpenseWorld(dialect);
      const e = await w.createExpense({});
      const url = `/api/v1/expenses/${e.expense_id}/receipt`;
      const wrongField = await upload(w, url, SAMPLES.png, { field: 'file' });
      expect(wrongField.statusCode).toBe(400);
      const empty = await upload(w, url, new Uint8Array());
      expect(empty.statusCode).toBe(400);
      const json = await w.app.inject({ method: 'POST', url, headers: w.h.rep, payload: { receipt: 'x' } });
      expect(json.statusCode).toBeGreaterThanOrEqual(400);
      expect(json.statusCode).toBeLessThan(500);
      expect(await w.count('receipts')).toBe(0);
    });

    it('another user or org cannot attach to the expense (404)', async () => {
      const w = await buildExpenseWorld(dialect);
      const e = await w.createExpense({});
      for (const who of [w.h.rep2, w.h.otherAdmin]) {
        const res = await upload(w, `/api/v1/expenses/${e.expense_id}/receipt`, SAMPLES.png, { who });
        expect(res.statusCode).toBe(404);
      }
      expect(await w.count('receipts')).toBe(0);
    });

    it('deletes a receipt while the expense is editable, not once it is submitted', async () => {
      const w = await buildExpenseWorld(dialect);
      const e = await w.createExpense({});
      const a = (await upload(w, `/api/v1/expenses/${e.expense_id}/receipt`, SAMPLES.png)).json().receipt;
      const b = (await upload(w, `/api/v1/expenses/${e.expense_id}/receipt`, SAMPLES.jpeg)).json().receipt;
      const del = await w.app.inject({
        method: 'DELETE',
        url: `/api/v1/expenses/${e.expense_id}/receipts/${a.receipt_id}`,
        headers: w.h.rep,
      });
      expect(del.statusCode).toBe(200);
      expect(await w.count('files')).toBe(1);
      await w.putInReport(e.expense_id, await w.addReport(w.rep, 'submitted'));
      const locked = await w.app.inject({
        method: 'DELETE',
        url: `/api/v1/expenses/${e.expense_id}/receipts/${b.receipt_id}`,
        headers: w.h.rep,
      });
      expect(locked.statusCode).toBe(409);
      const lockedUpload = await upload(w, `/api/v1/expenses/${e.expense_id}/receipt`, SAMPLES.gif);
      expect(lockedUpload.statusCode).toBe(409);
      expect(await w.count('receipts')).toBe(1);
    });

    it('deleting an expense removes its receipts and their bytes', async () => {
      const w = await buildExpenseWorld(dialect);
      const e = await w.createExpense({});
      await upload(w, `/api/v1/expenses/${e.expense_id}/receipt`, SAMPLES.png);
      await w.app.inject({ method: 'DELETE', url: `/api/v1/expenses/${e.expense_id}`, headers: w.h.rep });
      expect(await w.count('receipts')).toBe(0);
      expect(await w.count('files')).toBe(0);
    });
  });

  describe('receipts inbox', () => {
    it('lists the caller’s unconverted receipts oldest first, paged', async () => {
      const w = await buildExpenseWorld(dialect);
      const first = (await upload(w, '/api/v1/receipts', SAMPLES.png, { fileName: 'a.png' })).json().receipt;
      const second = (await upload(w, '/api/v1/receipts', SAMPLES.jpeg, { fileName: 'b.jpg' })).json()
        .receipt;
      await upload(w, '/api/v1/receipts', SAMPLES.gif, { who: w.h.rep2 });
      expect(first).toMatchObject({ expense_id: null, content_type: 'image/png' });
      const list = await w.app.inject({ method: 'GET', url: '/api/v1/receipts', headers: w.h.rep });
      expect(list.json().receipts.map((r: { receipt_id: string }) => r.receipt_id)).toEqual([
        first.receipt_id,
        second.receipt_id,
      ]);
      const page = await w.app.inject({
        method: 'GET',
        url: '/api/v1/receipts?per_page=1',
        headers: w.h.rep,
      });
      expect(page.json().receipts).toHaveLength(1);
      expect(page.json().page_context.has_more_page).toBe(true);
    });

    it('shows and downloads the caller’s own receipt; another user gets 404', async () => {
      const w = await buildExpenseWorld(dialect);
      const r = (await upload(w, '/api/v1/receipts', SAMPLES.bmp, { fileName: 'scan.bmp' })).json().receipt;
      const get = await w.app.inject({
        method: 'GET',
        url: `/api/v1/receipts/${r.receipt_id}`,
        headers: w.h.rep,
      });
      expect(get.json().receipt).toMatchObject({ receipt_id: r.receipt_id, content_type: 'image/bmp' });
      const file = await w.app.inject({
        method: 'GET',
        url: `/api/v1/receipts/${r.receipt_id}/file`,
        headers: w.h.rep,
      });
      expect(file.headers['content-type']).toBe('image/bmp');
      expect(new Uint8Array(file.rawPayload)).toEqual(SAMPLES.bmp);
      for (const headers of [w.h.rep2, w.h.otherAdmin]) {
        expect(
          (await w.app.inject({ method: 'GET', url: `/api/v1/receipts/${r.receipt_id}`, headers }))
            .statusCode,
        ).toBe(404);
      }
    });

    it('"Add Manually" / "Save and Next": converting creates the expense with the receipt and names the next one', async () => {
      const w = await buildExpenseWorld(dialect);
      const a = (await upload(w, '/api/v1/receipts', SAMPLES.png)).json().receipt;
      const b = (await upload(w, '/api/v1/receipts', SAMPLES.jpeg)).json().receipt;
      const first = await w.app.inject({
        method: 'POST',
        url: `/api/v1/receipts/${a.receipt_id}/convert`,
        headers: w.h.rep,
        payload: { date: '2026-01-16', category_id: w.meals, amount: 12.5, merchant_name: 'Deli' },
      });
      expect(first.statusCode, first.body).toBe(201);
      expect(first.json().next_receipt_id).toBe(b.receipt_id);
      const expense = first.json().expense;
      expect(expense).toMatchObject({ amount: 12.5, merchant_name: 'Deli', status: 'unreported' });
      expect(expense.receipts.map((r: { receipt_id: string }) => r.receipt_id)).toEqual([a.receipt_id]);
      const second = await w.app.inject({
        method: 'POST',
        url: `/api/v1/receipts/${b.receipt_id}/convert`,
        headers: w.h.rep,
        payload: { date: '2026-01-17', category_id: w.meals, amount: 8 },
      });
      expect(second.json().next_receipt_id).toBeNull();
      const inbox = await w.app.inject({ method: 'GET', url: '/api/v1/receipts', headers: w.h.rep });
      expect(inbox.json().receipts).toEqual([]);
    });

    it('a failed conversion creates nothing and leaves the receipt in the inbox', async () => {
      const w = await buildExpenseWorld(dialect);
      const a = (await upload(w, '/api/v1/receipts', SAMPLES.png)).json().receipt;
      const res = await w.app.inject({
        method: 'POST',
        url: `/api/v1/receipts/${a.receipt_id}/convert`,
        headers: w.h.rep,
        payload: { date: '2026-01-16', category_id: w.meals, amount: 10, currency_code: 'GBP' },
      });
      expect(res.statusCode).toBe(400);
      expect(await w.count('expenses')).toBe(0);
      const again = await w.app.inject({
        method: 'GET',
        url: `/api/v1/receipts/${a.receipt_id}`,
        headers: w.h.rep,
      });
      expect(again.json().receipt.expense_id).toBeNull();
    });

    it('a converted receipt cannot be converted again or deleted from the inbox (409)', async () => {
      const w = await buildExpenseWorld(dialect);
      const a = (await upload(w, '/api/v1/receipts', SAMPLES.png)).json().receipt;
      const payload = { date: '2026-01-16', category_id: w.meals, amount: 10 };
      const url = `/api/v1/receipts/${a.receipt_id}/convert`;
      expect((await w.app.inject({ method: 'POST', url, headers: w.h.rep, payload })).statusCode).toBe(201);
      const again = await w.app.inject({ method: 'POST', url, headers: w.h.rep, payload });
      expect(again.statusCode).toBe(409);
      expect(again.json().code).toBe(6105);
      const del = await w.app.inject({
        method: 'DELETE',
        url: `/api/v1/receipts/${a.receipt_id}`,
        headers: w.h.rep,
      });
      expect(del.statusCode).toBe(409);
      expect(await w.count('expenses')).toBe(1);
    });

    it('converting one receipt several times at once makes one expense; the others get 409', async () => {
      const w = await buildExpenseWorld(dialect);
      const a = (await upload(w, '/api/v1/receipts', SAMPLES.png)).json().receipt;
      const answers = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          w.app.inject({
            method: 'POST',
            url: `/api/v1/receipts/${a.receipt_id}/convert`,
            headers: w.h.rep,
            payload: { date: '2026-01-16', category_id: w.meals, amount: 10 + i },
          }),
        ),
      );
      expect(answers.map((r) => r.statusCode).sort()).toEqual([201, 409, 409, 409, 409, 409]);
      for (const r of answers.filter((x) => x.statusCode === 409)) expect(r.json().code).toBe(6105);
      expect(await w.count('expenses')).toBe(1);
      expect(await w.count('receipts')).toBe(1);
    });

    it('deletes an inbox receipt and its bytes', async () => {
      const w = await buildExpenseWorld(dialect);
      const a = (await upload(w, '/api/v1/receipts', SAMPLES.png)).json().receipt;
      const other = await w.app.inject({
        method: 'DELETE',
        url: `/api/v1/receipts/${a.receipt_id}`,
        headers: w.h.rep2,
      });
      expect(other.statusCode).toBe(404);
      const del = await w.app.inject({
        method: 'DELETE',
        url: `/api/v1/receipts/${a.receipt_id}`,
        headers: w.h.rep,
      });
      expect(del.statusCode).toBe(200);
      expect(await w.count('receipts')).toBe(0);
      expect(await w.count('files')).toBe(0);
    });

    it('the inbox refuses unsupported files with 415', async () => {
      const w = await buildExpenseWorld(dialect);
      const res = await upload(w, '/api/v1/receipts', SAMPLES.text, {
        fileName: 'notes.txt',
        contentType: 'text/plain',
      });
      expect(res.statusCode).toBe(415);
      expect(await w.count('receipts')).toBe(0);
    });
  });
});

/**
 * Property: every write route of expenses, receipts and per diem answers generated bad input with a
 * 4xx (never a 5xx) and stores nothing.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/dialects.js';
import { buildExpenseWorld } from './expenses-fixture.js';
import { multipartBody, SAMPLES } from './receipt-samples.js';

type World = Awaited<ReturnType<typeof buildExpenseWorld>>;
const TABLES = [
  'expenses',
  'receipts',
  'files',
  'expense_reports',
  'per_diem_policies',
  'per_diem_rates',
] as const;

async function snapshot(w: World) {
  const counts = await Promise.all(TABLES.map((t) => w.count(t)));
  const rows = await w.db.selectFrom('expenses').selectAll().orderBy('expense_id').execute();
  const audit = await w.db.selectFrom('audit_log').select('seq').execute();
  return JSON.stringify({ counts, rows, audit: audit.length });
}

/** A value of the wrong JSON type for most fields. */
const junk = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.string({ maxLength: 12 }),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 2 }),
);

function badExpenseFields(w: World): Record<string, fc.Arbitrary<unknown>> {
  return {
    date: fc.oneof(
      junk,
      fc.constantFrom('2025-02-30', '2026-13-01', '2026-1-5', 'yesterday', '1899-12-31', ''),
    ),
    amount: fc.oneof(
      junk.filter((v) => typeof v !== 'number'),
      fc.constantFrom(0, -1, -0.01, 1e14, 10.005, '12.50'),
      fc.double({ max: 0, noNaN: true }),
    ),
    currency_code: fc.oneof(junk, fc.constantFrom('usd', 'XYZ', 'CHF', 'GBP', 'US')),
    category_id: fc.oneof(junk, fc.constantFrom('nope', w.other.category, w.parking, '', 'a b')),
    customer_id: fc.oneof(
      junk.filter((v) => v !== null),
      fc.constantFrom('nope', w.other.contact),
    ),
    deal_id: fc.oneof(
      junk.filter((v) => v !== null),
      fc.constantFrom('nope', w.other.deal),
    ),
    project_id: fc.oneof(
      junk.filter((v) => v !== null),
      fc.constantFrom('nope'),
    ),
    report_id: fc.oneof(
      junk.filter((v) => v !== null),
      fc.constantFrom('nope'),
    ),
    attendees: fc.oneof(
      junk.filter((v) => !Array.isArray(v)),
      fc.constantFrom(
        [{ user_id: 'nope' }],
        [{ contact_id: w.other.contact }],
        [{ name: 'x' }],
        [{ user_id: 1 }],
      ),
    ),
    is_reimbursable: junk.filter((v) => typeof v !== 'boolean'),
    is_billable: junk.filter((v) => typeof v !== 'boolean'),
    merchant_name: fc.oneof(
      junk.filter((v) => typeof v !== 'string'),
      fc.constant('m'.repeat(500)),
    ),
    unknown_field: junk,
  };
}

/** A valid-looking body with one field spoilt, one required field dropped, or a JPY/KWD precision error. */
function badExpenseBody(w: World): fc.Arbitrary<Record<string, unknown>> {
  const valid = { date: '2026-01-16', category_id: w.meals, amount: 12.5 };
  const fields = badExpenseFields(w);
  const spoilt = fc
    .constantFrom(...Object.keys(fields))
    .chain((k) => fields[k]!.map((v) => ({ ...valid, [k]: v })));
  const missing = fc.constantFrom('date', 'category_id', 'amount').map((k) => {
    const { [k as keyof typeof valid]: _drop, ...rest } = valid;
    return rest;
  });
  const precision = fc.constantFrom(
    { ...valid, currency_code: 'JPY', amount: 100.5 },
    { ...valid, currency_code: 'KWD', amount: 1.2345 },
  );
  return fc.oneof(spoilt, missing, precision);
}

async function expectRefusedAndUnchanged(
  w: World,
  send: () => Promise<{ statusCode: number; body: string }>,
) {
  const before = await snapshot(w);
  const res = await send();
  expect(res.statusCode, res.body).toBeGreaterThanOrEqual(400);
  expect(res.statusCode, res.body).toBeLessThan(500);
  expect(await snapshot(w)).toBe(before);
}

describe.each(DIALECTS)('bad input to expense, receipt and per diem writes on %s', (dialect) => {
  it('POST /expenses, PUT /expenses/{id} and POST /receipts/{id}/convert refuse bad bodies and store nothing', async () => {
    const w = await buildExpenseWorld(dialect);
    const existing = await w.createExpense({});
    const inbox = multipartBody(SAMPLES.png);
    const receipt = await w.app.inject({
      method: 'POST',
      url: '/api/v1/receipts',
      headers: { ...w.h.rep, ...inbox.headers },
      payload: inbox.payload,
    });
    const receiptId = receipt.json().receipt.receipt_id;
    await fc.assert(
      fc.asyncProperty(badExpenseBody(w), async (body) => {
        await expectRefusedAndUnchanged(w, () =>
          w.app.inject({ method: 'POST', url: '/api/v1/expenses', headers: w.h.rep, payload: body }),
        );
        await expectRefusedAndUnchanged(w, () =>
          w.app.inject({
            method: 'POST',
            url: `/api/v1/receipts/${receiptId}/convert`,
            headers: w.h.rep,
            payload: body,
          }),
        );
        // An update cannot carry report_id, so every spoilt field is bad there too.
        const { date: _d, category_id: _c, amount: _a, ...partial } = body;
        const update = Object.keys(partial).length > 0 ? partial : { amount: -1 };
        await expectRefusedAndUnchanged(w, () =>
          w.app.inject({
            method: 'PUT',
            url: `/api/v1/expenses/${existing.expense_id}`,
            headers: w.h.rep,
            payload: update,
          }),
        );
      }),
      { numRuns: 40 },
    );
  });

  it('malformed JSON, other orgs’ ids and other users’ records are refused without change', async () => {
    const w = await buildExpenseWorld(dialect);
    const mine = await w.createExpense({});
    const headers = { ...w.h.rep, 'content-type': 'application/json' };
    for (const payload of ['{', '[]', 'null', '"x"', '{"date":']) {
      await expectRefusedAndUnchanged(w, () =>
        w.app.inject({ method: 'POST', url: '/api/v1/expenses', headers, payload }),
      );
      await expectRefusedAndUnchanged(w, () =>
        w.app.inject({ method: 'PUT', url: `/api/v1/expenses/${mine.expense_id}`, headers, payload }),
      );
    }
    await expectRefusedAndUnchanged(w, () =>
      w.app.inject({
        method: 'PUT',
        url: `/api/v1/expenses/${mine.expense_id}`,
        headers: w.h.otherAdmin,
        payload: { description: 'x' },
      }),
    );
    await expectRefusedAndUnchanged(w, () =>
      w.app.inject({
        method: 'PUT',
        url: `/api/v1/expenses/${mine.expense_id}`,
        headers: w.h.rep2,
        payload: { description: 'x' },
      }),
    );
    await expectRefusedAndUnchanged(w, () =>
      w.app.inject({ method: 'DELETE', url: `/api/v1/expenses/${mine.expense_id}`, headers: w.h.otherAdmin }),
    );
  });

  it('bulk delete and add-to-report refuse bad bodies and change nothing', async () => {
    const w = await buildExpenseWorld(dialect);
    const mine = await w.createExpense({});
    const submitted = await w.addReport(w.rep, 'submitted');
    const ids = fc.oneof(
      junk,
      fc.constant([]),
      fc.array(fc.constantFrom('a b', '', 'x'.repeat(50)), { minLength: 1, maxLength: 3 }),
      fc.constant(Array.from({ length: 201 }, (_, i) => `id${i}`)),
      fc.constant([mine.expense_id, mine.expense_id]),
    );
    await fc.assert(
      fc.asyncProperty(ids, junk, async (expenseIds, extra) => {
        await expectRefusedAndUnchanged(w, () =>
          w.app.inject({
            method: 'POST',
            url: '/api/v1/expenses/bulkdelete',
            headers: w.h.rep,
            payload: { expense_ids: expenseIds },
          }),
        );
        await expectRefusedAndUnchanged(w, () =>
          w.app.inject({
            method: 'POST',
            url: '/api/v1/expenses/addtoreport',
            headers: w.h.rep,
            payload: { expense_ids: expenseIds, report_id: 'nope', extra },
          }),
        );
      }),
      { numRuns: 25 },
    );
    for (const payload of [
      { expense_ids: [mine.expense_id], report_id: 'nope' },
      { expense_ids: [mine.expense_id], report_id: submitted.report_id },
      { expense_ids: [mine.expense_id], new_report: { report_name: '' } },
      { expense_ids: [mine.expense_id], new_report: { report_name: 'x', deal_id: w.other.deal } },
      {
        expense_ids: [mine.expense_id],
        new_report: { report_name: 'x', start_date: '2026-02-01', end_date: '2026-01-01' },
      },
      { expense_ids: [mine.expense_id], report_id: submitted.report_id, new_report: { report_name: 'x' } },
    ]) {
      await expectRefusedAndUnchanged(w, () =>
        w.app.inject({ method: 'POST', url: '/api/v1/expenses/addtoreport', headers: w.h.rep, payload }),
      );
    }
  });

  it('receipt uploads refuse unknown, mislabelled and malformed files and store nothing', async () => {
    const w = await buildExpenseWorld(dialect);
    const mine = await w.createExpense({});
    const notAReceipt = fc.uint8Array({ minLength: 1, maxLength: 256 }).map((b) => {
      // 0x01 starts no supported signature, and no "ftyp" box can sit at offset 4.
      const out = Uint8Array.from(b);
      out[0] = 0x01;
      if (out.length > 4) out[4] = 0;
      return out;
    });
    const declared = fc.constantFrom(
      'application/octet-stream',
      'image/png',
      'text/plain',
      'application/pdf',
      '',
    );
    const mislabelled = fc.constantFrom(
      { file: SAMPLES.png, contentType: 'image/jpeg', fileName: 'x' },
      { file: SAMPLES.jpeg, contentType: 'application/octet-stream', fileName: 'x.pdf' },
      { file: SAMPLES.pdf, contentType: 'text/html', fileName: 'x' },
    );
    const upload = fc.oneof(
      fc.record({
        file: notAReceipt,
        contentType: declared,
        fileName: fc.constantFrom('r', 'r.png', 'r.txt'),
      }),
      mislabelled,
    );
    await fc.assert(
      fc.asyncProperty(upload, fc.constantFrom('receipt', 'file'), async (u, field) => {
        const body = multipartBody(u.file, { field, fileName: u.fileName, contentType: u.contentType });
        for (const url of [`/api/v1/expenses/${mine.expense_id}/receipt`, '/api/v1/receipts']) {
          await expectRefusedAndUnchanged(w, () =>
            w.app.inject({
              method: 'POST',
              url,
              headers: { ...w.h.rep, ...body.headers },
              payload: body.payload,
            }),
          );
        }
      }),
      { numRuns: 30 },
    );
    const cutShort = multipartBody(SAMPLES.png);
    for (const payload of [cutShort.payload.subarray(0, 60), Buffer.from('garbage')]) {
      await expectRefusedAndUnchanged(w, () =>
        w.app.inject({
          method: 'POST',
          url: '/api/v1/receipts',
          headers: { ...w.h.rep, ...cutShort.headers },
          payload,
        }),
      );
    }
    const other = multipartBody(SAMPLES.png);
    await expectRefusedAndUnchanged(w, () =>
      w.app.inject({
        method: 'POST',
        url: `/api/v1/expenses/${mine.expense_id}/receipt`,
        headers: { ...w.h.otherAdmin, ...other.headers },
        payload: other.payload,
      }),
    );
  });

  it('per diem policy and per diem expense writes refuse bad bodies and store nothing', async () => {
    const w = await buildExpenseWorld(dialect);
    const validPolicy = { policy_name: 'P', currency_code: 'EUR', rates: [{ location: 'Berlin', rate: 28 }] };
    const policyFields: Record<string, fc.Arbitrary<unknown>> = {
      policy_name: fc.oneof(
        junk.filter((v) => typeof v !== 'string'),
        fc.constant(''),
      ),
      currency_code: fc.oneof(junk, fc.constantFrom('eur', 'QQQ')),
      rates: fc.oneof(
        junk.filter((v) => !Array.isArray(v)),
        fc.constant([]),
        fc.constantFrom(
          [{ location: 'Berlin', rate: -1 }],
          [{ location: 'Berlin', rate: 0 }],
          [{ location: 'Berlin', rate: 1.005 }],
          [{ location: '', rate: 1 }],
          [{ location: 'Berlin' }],
        ),
      ),
      rules: fc.oneof(
        junk.filter((v) => !Array.isArray(v)),
        fc.constantFrom(
          [{ min_hours: 8, max_hours: 4, percent: 50 }],
          [{ min_hours: 0, max_hours: 30, percent: 50 }],
          [{ min_hours: 0, max_hours: 8, percent: 150 }],
          [{ min_hours: 0, max_hours: 8, percent: 1.5 }],
        ),
      ),
      status: junk,
    };
    const badPolicy = fc
      .constantFrom(...Object.keys(policyFields))
      .chain((k) => policyFields[k]!.map((v) => ({ ...validPolicy, [k]: v })));
    const trip = {
      per_diem_type: 'trip',
      start_date: '2026-01-14',
      start_time: '09:00',
      end_date: '2026-01-17',
      end_time: '17:00',
      departure_location: 'Berlin',
      arrival_location: 'Berlin',
    };
    const tripFields: Record<string, fc.Arbitrary<unknown>> = {
      per_diem_type: fc.oneof(junk, fc.constant('weekly')),
      start_date: fc.oneof(junk, fc.constantFrom('2025-02-30', '2026-02-01')),
      end_date: fc.oneof(junk, fc.constantFrom('2026-13-01', '2026-01-01', '2026-12-31')),
      start_time: fc.oneof(junk, fc.constantFrom('24:00', '9:00', '12:60')),
      end_time: fc.oneof(junk, fc.constantFrom('25:00', '7pm')),
      departure_location: fc.oneof(
        junk.filter((v) => typeof v !== 'string'),
        fc.constantFrom('Atlantis', ''),
      ),
      dates: fc.oneof(junk, fc.constantFrom(['2026-02-01'], ['2025-02-30'], [])),
      report_id: fc.oneof(junk, fc.constant('nope')),
      deal_id: fc.constantFrom('nope', w.other.deal),
      policy_id: fc.oneof(junk, fc.constant('nope')),
    };
    const badTrip = fc
      .constantFrom(...Object.keys(tripFields))
      .chain((k) => tripFields[k]!.map((v) => ({ ...trip, [k]: v })));

    // A valid policy exists, so failures come from the spoilt field.
    const created = await w.app.inject({
      method: 'POST',
      url: '/api/v1/settings/perdiem',
      headers: w.h.admin,
      payload: validPolicy,
    });
    const policyId = created.json().per_diem_policy.policy_id;
    await fc.assert(
      fc.asyncProperty(badPolicy, badTrip, async (policy, body) => {
        await expectRefusedAndUnchanged(w, () =>
          w.app.inject({
            method: 'POST',
            url: '/api/v1/settings/perdiem',
            headers: w.h.admin,
            payload: policy,
          }),
        );
        await expectRefusedAndUnchanged(w, () =>
          w.app.inject({
            method: 'PUT',
            url: `/api/v1/settings/perdiem/${policyId}`,
            headers: w.h.admin,
            payload: policy,
          }),
        );
        await expectRefusedAndUnchanged(w, () =>
          w.app.inject({ method: 'POST', url: '/api/v1/expenses/perdiem', headers: w.h.rep, payload: body }),
        );
        // Only the calculation fields go to /calculate; a body spoilt elsewhere is skipped there.
        if ('dates' in body || 'report_id' in body || 'deal_id' in body) return;
        const res = await w.app.inject({
          method: 'POST',
          url: '/api/v1/expenses/perdiem/calculate',
          headers: w.h.rep,
          payload: body,
        });
        expect(res.statusCode, res.body).toBeGreaterThanOrEqual(400);
        expect(res.statusCode, res.body).toBeLessThan(500);
      }),
      { numRuns: 40 },
    );
  });
});

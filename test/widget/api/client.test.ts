import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../../widget/api/api-error.js';
import { buildUrl, createApiClient } from '../../../widget/api/client.js';

function recorder(response: () => Response | Promise<Response>) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetch = vi.fn(async (url: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ url: String(url), init: init ?? {} });
    return response();
  }) as unknown as typeof globalThis.fetch;
  return { calls, fetch };
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

function headersOf(init: RequestInit): Record<string, string> {
  return init.headers as Record<string, string>;
}

describe('api client', () => {
  it('sends the Zoho token and the organisation header on every call', async () => {
    const { calls, fetch } = recorder(() => json(200, { code: 0, message: 'success', expenses: [] }));
    const api = createApiClient({
      baseUrl: 'https://ds.example/',
      getToken: async () => 'tok1',
      orgId: () => 'org7',
      fetch,
    });
    await api.get('/api/v1/expenses', { status: 'unreported', page: 2, skip: undefined });
    expect(calls[0]!.url).toBe('https://ds.example/api/v1/expenses?status=unreported&page=2');
    expect(headersOf(calls[0]!.init).authorization).toBe('Zoho-oauthtoken tok1');
    expect(headersOf(calls[0]!.init)['x-com-zoho-expense-organizationid']).toBe('org7');
  });

  it('downloads receipt bytes with the same sign-in headers', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
    const { calls, fetch } = recorder(
      () => new Response(png, { status: 200, headers: { 'content-type': 'image/png' } }),
    );
    const api = createApiClient({ baseUrl: 'https://ds.example', getToken: async () => 'tok2', fetch });
    const blob = await api.getBlob('/api/v1/receipts/9/file');
    expect(headersOf(calls[0]!.init).authorization).toBe('Zoho-oauthtoken tok2');
    expect(new Uint8Array(await blob.arrayBuffer())).toEqual(png);
    expect(blob.type).toBe('image/png');
  });

  it('leaves the organisation header out while the organisation is unknown', async () => {
    const { calls, fetch } = recorder(() => json(200, {}));
    const api = createApiClient({ baseUrl: 'https://ds.example', getToken: async () => 't', fetch });
    await api.get('/x');
    expect(headersOf(calls[0]!.init)['x-com-zoho-expense-organizationid']).toBeUndefined();
  });

  it('puts a fresh Idempotency-Key on every POST unless one is given', async () => {
    const { calls, fetch } = recorder(() => json(201, { code: 0 }));
    const api = createApiClient({ baseUrl: 'https://ds.example', getToken: async () => 't', fetch });
    await api.post('/a', { x: 1 });
    await api.post('/a', { x: 1 });
    await api.post('/a', { x: 1 }, { idempotencyKey: 'given-key' });
    const keys = calls.map((c) => headersOf(c.init)['idempotency-key']);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).not.toBe(keys[0]);
    expect(keys[2]).toBe('given-key');
    expect(calls[0]!.init.body).toBe('{"x":1}');
    expect(headersOf(calls[0]!.init)['content-type']).toBe('application/json');
  });

  it('sends If-Match on a PUT when asked', async () => {
    const { calls, fetch } = recorder(() => json(200, { code: 0 }));
    const api = createApiClient({ baseUrl: 'https://ds.example', getToken: async () => 't', fetch });
    await api.put('/a/1', { amount: '2.00' }, { ifMatch: '2026-01-01T00:00:00.000Z' });
    expect(calls[0]!.init.method).toBe('PUT');
    expect(headersOf(calls[0]!.init)['if-match']).toBe('2026-01-01T00:00:00.000Z');
  });

  it('uploads the file as the multipart field "receipt" with the extra fields', async () => {
    const { calls, fetch } = recorder(() => json(201, { code: 0 }));
    const api = createApiClient({ baseUrl: 'https://ds.example', getToken: async () => 't', fetch });
    await api.upload('/api/v1/receipts', new Blob(['%PDF-1.4'], { type: 'application/pdf' }), 'taxi.pdf', {
      note: 'n',
    });
    const form = calls[0]!.init.body as FormData;
    expect(form.get('note')).toBe('n');
    expect((form.get('receipt') as File).name).toBe('taxi.pdf');
    expect(headersOf(calls[0]!.init)['idempotency-key']).toBeTruthy();
    expect(headersOf(calls[0]!.init)['content-type']).toBeUndefined();
  });

  it("throws ApiError with Zoho's code and message, naming the field of a validation error", async () => {
    const { fetch } = recorder(() => json(400, { code: 1000, message: 'body: amount is required' }));
    const api = createApiClient({ baseUrl: 'https://ds.example', getToken: async () => 't', fetch });
    const err = await api.post('/a', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({
      status: 400,
      code: 1000,
      message: 'body: amount is required',
      field: 'amount',
    });
    expect((err as ApiError).offline).toBe(false);
  });

  it('turns a network failure into ApiError with status 0 and offline set', async () => {
    const fetch = (async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof globalThis.fetch;
    const api = createApiClient({ baseUrl: 'https://ds.example', getToken: async () => 't', fetch });
    const err = await api.get('/a').catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 0, offline: true });
  });

  it('returns undefined for 204 and keeps a non-JSON error readable', async () => {
    let n = 0;
    const fetch = (async () =>
      n++ === 0
        ? new Response(null, { status: 204 })
        : new Response('<html>bad gateway</html>', { status: 502 })) as unknown as typeof globalThis.fetch;
    const api = createApiClient({ baseUrl: 'https://ds.example', getToken: async () => 't', fetch });
    expect(await api.del('/a/1')).toBeUndefined();
    await expect(api.get('/a')).rejects.toMatchObject({ status: 502, code: 0 });
  });

  it('repeats array query values and appends to an existing query string', () => {
    expect(buildUrl('https://x', '/a?b=1', { id: ['1', '2'] })).toBe('https://x/a?b=1&id=1&id=2');
  });
});

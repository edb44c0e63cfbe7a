/**
 * The typed client for the DealSpend server. Every call sends `Authorization: Zoho-oauthtoken …`,
 * the organisation header when known, and an Idempotency-Key on every POST. Failures throw
 * `ApiError` (Zoho's `{code, message}` envelope); a network failure is `ApiError{status:0, offline:true}`.
 *
 * @example
 * const api = createApiClient({ baseUrl: 'https://dealspend.example', getToken: auth.token });
 * const { expenses } = await api.get<ExpenseList>('/api/v1/expenses', { status: 'unreported' });
 */
import { ApiError, fieldFromMessage } from './api-error.js';
import { newIdempotencyKey } from './idempotency-key.js';

export type QueryValue = string | number | boolean | undefined | null;
export type Query = Record<string, QueryValue | readonly QueryValue[]>;

export interface ApiClientOptions {
  baseUrl: string;
  getToken: () => Promise<string>;
  orgId?: () => string | undefined;
  fetch?: typeof fetch;
}

export interface PostOptions {
  idempotencyKey?: string;
}
export interface PutOptions {
  ifMatch?: string;
}

export interface ApiClient {
  readonly baseUrl: string;
  get<T>(path: string, query?: Query): Promise<T>;
  /** Raw bytes (receipt files), with the same sign-in headers as every other call. */
  getBlob(path: string): Promise<Blob>;
  post<T>(path: string, body: unknown, options?: PostOptions): Promise<T>;
  put<T>(path: string, body: unknown, options?: PutOptions): Promise<T>;
  del<T>(path: string): Promise<T>;
  upload<T>(
    path: string,
    file: Blob,
    fileName: string,
    fields?: Record<string, string>,
    options?: PostOptions,
  ): Promise<T>;
}

/** Joins base URL, path and query; arrays repeat the key, undefined/null are left out. */
export function buildUrl(baseUrl: string, path: string, query?: Query): string {
  const url = `${baseUrl.replace(/\/+$/, '')}${path.startsWith('/') ? path : `/${path}`}`;
  if (!query) return url;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    const values = Array.isArray(value) ? value : [value];
    for (const v of values) if (v !== undefined && v !== null) params.append(key, String(v));
  }
  const qs = params.toString();
  return qs ? `${url}${url.includes('?') ? '&' : '?'}${qs}` : url;
}

async function readError(res: Response): Promise<ApiError> {
  let code = 0;
  let message = `The server answered ${res.status}.`;
  try {
    const body = (await res.json()) as { code?: unknown; message?: unknown; field?: unknown };
    if (typeof body.code === 'number') code = body.code;
    if (typeof body.message === 'string' && body.message) message = body.message;
    const field = typeof body.field === 'string' ? body.field : fieldFromMessage(message);
    return new ApiError({ status: res.status, code, message, ...(field ? { field } : {}) });
  } catch {
    return new ApiError({ status: res.status, code, message });
  }
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));

  async function request<T>(
    method: string,
    path: string,
    init: {
      query?: Query;
      body?: BodyInit;
      json?: unknown;
      headers?: Record<string, string>;
      blob?: boolean;
    },
  ): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json', ...init.headers };
    headers.authorization = `Zoho-oauthtoken ${await options.getToken()}`;
    const org = options.orgId?.();
    if (org) headers['x-com-zoho-expense-organizationid'] = org;
    let body = init.body;
    if (init.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(init.json);
    }
    let res: Response;
    try {
      res = await doFetch(buildUrl(options.baseUrl, path, init.query), {
        method,
        headers,
        ...(body !== undefined ? { body } : {}),
      });
    } catch {
      throw new ApiError({
        status: 0,
        code: 0,
        message: 'DealSpend cannot reach the server. Check your connection.',
        offline: true,
      });
    }
    if (!res.ok) throw await readError(res);
    if (init.blob) return (await res.blob()) as T;
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  return {
    baseUrl: options.baseUrl,
    get: (path, query) => request('GET', path, query ? { query } : {}),
    getBlob: (path) => request<Blob>('GET', path, { blob: true, headers: { accept: '*/*' } }),
    post: (path, body, opts) =>
      request('POST', path, {
        json: body ?? {},
        headers: { 'idempotency-key': opts?.idempotencyKey ?? newIdempotencyKey() },
      }),
    put: (path, body, opts) =>
      request('PUT', path, { json: body ?? {}, headers: opts?.ifMatch ? { 'if-match': opts.ifMatch } : {} }),
    del: (path) => request('DELETE', path, {}),
    upload: (path, file, fileName, fields, opts) => {
      const form = new FormData();
      for (const [k, v] of Object.entries(fields ?? {})) form.append(k, v);
      // A File keeps its name in every FormData implementation (a bare Blob may become "blob").
      form.append('receipt', new File([file], fileName, { type: file.type }), fileName);
      return request('POST', path, {
        body: form,
        headers: { 'idempotency-key': opts?.idempotencyKey ?? newIdempotencyKey() },
      });
    },
  };
}

import { ApiError } from '../../../widget/api/api-error.js';
import type { ApiClient } from '../../../widget/api/client.js';

export interface Call {
  method: string;
  path: string;
  key: string | undefined;
  body?: unknown;
}

/**
 * A server stand-in that honours Idempotency-Key like the real one (a repeat gets the stored
 * answer and creates nothing), can be "offline", and can lose the answer after doing the work.
 */
export function fakeServer() {
  const calls: Call[] = [];
  const created: Array<{ id: string; body: unknown }> = [];
  const uploads: Array<{ path: string; fileName: string; key: string | undefined }> = [];
  const answers = new Map<string, unknown>();
  let offline = false;
  let loseNextAnswer = false;
  let conflictOn: string | null = null;
  const down = () => new ApiError({ status: 0, code: 0, message: 'offline', offline: true });

  function respond(key: string | undefined, work: () => unknown): unknown {
    if (offline) throw down();
    let answer = key ? answers.get(key) : undefined;
    if (answer === undefined) {
      answer = work();
      if (key) answers.set(key, answer);
    }
    if (loseNextAnswer) {
      loseNextAnswer = false;
      // The server did the work, but the connection dropped before the answer arrived.
      throw down();
    }
    return answer;
  }

  const api: ApiClient = {
    baseUrl: 'http://server.test',
    async get() {
      throw new Error('not used');
    },
    async getBlob() {
      throw new Error('not used');
    },
    async post<T>(path: string, body: unknown, opts?: { idempotencyKey?: string }) {
      calls.push({ method: 'POST', path, key: opts?.idempotencyKey, body });
      return respond(opts?.idempotencyKey, () => {
        const id = `e${created.length + 1}`;
        created.push({ id, body });
        return { code: 0, message: 'success', expense: { expense_id: id } };
      }) as T;
    },
    async put<T>(path: string, body: unknown) {
      calls.push({ method: 'PUT', path, key: undefined, body });
      if (offline) throw down();
      if (conflictOn === path && (body as { last_modified_time?: string }).last_modified_time) {
        throw new ApiError({
          status: 409,
          code: 4001,
          message: 'The record was changed since you loaded it.',
        });
      }
      return { code: 0, message: 'success' } as T;
    },
    async del<T>(path: string) {
      calls.push({ method: 'DELETE', path, key: undefined });
      if (offline) throw down();
      return { code: 0, message: 'success' } as T;
    },
    async upload<T>(
      path: string,
      _file: Blob,
      fileName: string,
      _f?: unknown,
      opts?: { idempotencyKey?: string },
    ) {
      calls.push({ method: 'UPLOAD', path, key: opts?.idempotencyKey });
      return respond(opts?.idempotencyKey, () => {
        uploads.push({ path, fileName, key: opts?.idempotencyKey });
        return { code: 0, message: 'success' };
      }) as T;
    },
  };

  return {
    api,
    calls,
    created,
    uploads,
    setOffline(v: boolean) {
      offline = v;
    },
    loseNextAnswer() {
      loseNextAnswer = true;
    },
    conflictOn(path: string) {
      conflictOn = path;
    },
  };
}

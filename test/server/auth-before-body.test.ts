/**
 * Who may call a route is decided before its body is read: a caller refused by authentication or
 * by role gets 401 / 403 whatever the body holds (malformed, invalid, too large, of the wrong type),
 * and only a caller who may use the route gets the 400 that names what is wrong with it.
 */
import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { ERROR_CATALOGUE } from '../../server/errors.js';
import { DIALECTS } from '../helpers/dialects.js';
import { ADMIN, buildOrgApp } from '../helpers/org-fixture.js';
import { as, buildTestApp } from '../helpers/test-app.js';

const REP = 'rep@acme.example';
const JSON_HEADERS = { 'content-type': 'application/json' };
/** A body POST /users would accept but for its role, so a missed validation would add a user. */
const INVALID_USER = { email: 'new@acme.example', name: 'New', user_role: 'superuser' };

describe.each(DIALECTS)('authentication before the body on %s', (dialect) => {
  it('a submitter posting an invalid body to an admin-only route gets 403 and nothing changes', async () => {
    const { app, db, addUser } = await buildOrgApp(dialect);
    await addUser(REP);
    const users = await db.selectFrom('users').select('user_id').execute();

    for (const payload of [JSON.stringify(INVALID_USER), '{"email": ', JSON.stringify([1, 2])]) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/users',
        headers: { ...as(REP), ...JSON_HEADERS, 'idempotency-key': 'rep-invalid-user' },
        payload,
      });
      expect(res.statusCode, payload).toBe(403);
      expect(res.json()).toEqual({
        code: ERROR_CATALOGUE.FORBIDDEN.code,
        message: ERROR_CATALOGUE.FORBIDDEN.message,
      });
    }
    expect(await db.selectFrom('users').select('user_id').execute()).toEqual(users);
    // A refused request claims no Idempotency-Key.
    expect(await db.selectFrom('idempotency_keys').selectAll().execute()).toEqual([]);
  });

  it('an unauthenticated request with a malformed, too large or unparseable body gets 401', async () => {
    const { app, db } = await buildOrgApp(dialect);
    const users = await db.selectFrom('users').select('user_id').execute();
    const cases = [
      { headers: JSON_HEADERS, payload: '{"email": ' },
      { headers: JSON_HEADERS, payload: JSON.stringify(INVALID_USER) },
      // Larger than the 1 MB body limit: refused before it is read, so 401, not 413.
      { headers: JSON_HEADERS, payload: `{"name":"${'x'.repeat(2 * 1024 * 1024)}"}` },
      // No parser for this type: refused before one is looked for, so 401, not 415.
      { headers: { 'content-type': 'text/plain' }, payload: 'hello' },
    ];
    for (const { headers, payload } of cases) {
      const res = await app.inject({ method: 'POST', url: '/api/v1/users', headers, payload });
      expect(res.statusCode, payload.slice(0, 40)).toBe(401);
      expect(res.json().code).toBe(ERROR_CATALOGUE.NOT_SIGNED_IN.code);
    }
    const badToken = await app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { authorization: 'Zoho-oauthtoken not-a-token', ...JSON_HEADERS },
      payload: '{"email": ',
    });
    expect(badToken.statusCode).toBe(401);
    expect(badToken.json().code).toBe(ERROR_CATALOGUE.INVALID_TOKEN.code);
    // A receipt upload is refused before the multipart body is looked at.
    const upload = await app.inject({
      method: 'POST',
      url: '/api/v1/receipts',
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
      payload: '--x\r\nnot a multipart body',
    });
    expect(upload.statusCode).toBe(401);
    expect(upload.json().code).toBe(ERROR_CATALOGUE.NOT_SIGNED_IN.code);
    expect(await db.selectFrom('users').select('user_id').execute()).toEqual(users);
  });

  it('a large upload with a bad token gets 401 at once and its connection is closed, so the rest is never read', async () => {
    const { app } = await buildOrgApp(dialect);
    const { port } = new URL(await app.listen({ port: 0, host: '127.0.0.1' }));
    const declared = 64 * 1024 * 1024;
    const boundary = 'big-upload';
    const socket = connect(Number(port), '127.0.0.1');
    onTestFinished(() => {
      socket.destroy();
    });
    const answer: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => answer.push(chunk));
    const closed = new Promise<'closed'>((resolve) => {
      socket.on('end', () => resolve('closed'));
      socket.on('close', () => resolve('closed'));
      socket.on('error', () => resolve('closed'));
    });
    socket.write(
      'POST /api/v1/receipts HTTP/1.1\r\n' +
        'Host: 127.0.0.1\r\n' +
        'Authorization: Zoho-oauthtoken not-a-token\r\n' +
        `Content-Type: multipart/form-data; boundary=${boundary}\r\n` +
        `Content-Length: ${declared}\r\n\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="receipt"; filename="scan.pdf"\r\n` +
        'Content-Type: application/pdf\r\n\r\n',
    );
    // Only the first 64 KB of the declared 64 MB: the server answers and closes without waiting for more.
    socket.write(Buffer.alloc(64 * 1024, 0x41));
    const outcome = await Promise.race([
      closed,
      new Promise<'still open'>((resolve) => setTimeout(() => resolve('still open'), 3000)),
    ]);
    expect(outcome).toBe('closed');
    const response = Buffer.concat(answer).toString('latin1');
    expect(response).toMatch(/^HTTP\/1\.1 401 /);
    expect(response).toMatch(/\r\nconnection: close\r\n/i);
    expect(JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4)).code).toBe(
      ERROR_CATALOGUE.INVALID_TOKEN.code,
    );
    expect(socket.bytesWritten).toBeLessThan(declared);
  });

  it('an error reply to a request without a body, or after its body was read, keeps the connection', async () => {
    const { app } = await buildOrgApp(dialect);
    const { port } = new URL(await app.listen({ port: 0, host: '127.0.0.1' }));
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    onTestFinished(() => agent.destroy());
    const send = (method: 'GET' | 'POST', path: string, body?: object) =>
      new Promise<{ status: number; connection: string | undefined; reused: boolean }>((resolve, reject) => {
        const headers = { authorization: 'Zoho-oauthtoken not-a-token', ...JSON_HEADERS };
        const req = request(
          { agent, port: Number(port), host: '127.0.0.1', method, path, headers },
          (res) => {
            res.resume();
            res.on('end', () =>
              resolve({
                status: res.statusCode ?? 0,
                connection: res.headers.connection,
                reused: req.reusedSocket,
              }),
            );
          },
        );
        req.on('error', reject);
        req.end(body ? JSON.stringify(body) : undefined);
      });
    expect(await send('GET', '/api/v1/users')).toEqual({
      status: 401,
      connection: 'keep-alive',
      reused: false,
    });
    // A public route reads the body, then refuses it: the connection stays for the next request.
    expect(await send('POST', '/api/v1/auth/token', { code: 'c' })).toEqual({
      status: 400,
      connection: 'keep-alive',
      reused: true,
    });
    expect(await send('GET', '/api/v1/users')).toMatchObject({ status: 401, reused: true });
  });

  it('a signed-in admin sending the same bad bodies gets 400 naming the problem', async () => {
    const { app, db } = await buildOrgApp(dialect);
    const users = await db.selectFrom('users').select('user_id').execute();
    const invalid = await app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { ...as(ADMIN), ...JSON_HEADERS },
      payload: JSON.stringify(INVALID_USER),
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().code).toBe(ERROR_CATALOGUE.INVALID_INPUT.code);
    expect(invalid.json().message).toMatch(/^body\.user_role /);
    const malformed = await app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { ...as(ADMIN), ...JSON_HEADERS },
      payload: '{"email": ',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().code).toBe(ERROR_CATALOGUE.INVALID_JSON.code);
    expect(await db.selectFrom('users').select('user_id').execute()).toEqual(users);
  });

  it('public routes still parse and validate bodies without a token; unknown routes answer 404 unread', async () => {
    const { app } = await buildOrgApp(dialect);
    const malformed = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/token',
      headers: JSON_HEADERS,
      payload: '{"code": ',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().code).toBe(ERROR_CATALOGUE.INVALID_JSON.code);
    const invalid = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/token',
      headers: JSON_HEADERS,
      payload: JSON.stringify({ code: 'c' }),
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().message).toMatch(/code_verifier is required/);
    const unknown = await app.inject({
      method: 'POST',
      url: '/api/v1/no-such-thing',
      headers: JSON_HEADERS,
      payload: '{"a": ',
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe(ERROR_CATALOGUE.ROUTE_NOT_FOUND.code);
  });
  it('requests refused before their body is read still count toward the rate limit', async () => {
    const { app } = await buildTestApp(dialect, { env: { RATE_LIMIT_MAX: '2' } });
    const post = () =>
      app.inject({ method: 'POST', url: '/api/v1/users', headers: JSON_HEADERS, payload: '{"email": ' });
    expect((await post()).statusCode).toBe(401);
    expect((await post()).statusCode).toBe(401);
    const limited = await post();
    expect(limited.statusCode).toBe(429);
    expect(limited.json().code).toBe(ERROR_CATALOGUE.RATE_LIMITED.code);
  });
});

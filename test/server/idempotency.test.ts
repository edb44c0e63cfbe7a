import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/dialects.js';
import { as, buildTestApp } from '../helpers/test-app.js';

const ADMIN = 'admin@idem.example';

describe.each(DIALECTS)('Idempotency-Key on %s', (dialect) => {
  async function setup() {
    const t = await buildTestApp(dialect);
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/users/me', headers: as(ADMIN) });
    expect(me.statusCode).toBe(200);
    return t;
  }
  const createDepartment = (app: any, key: string, name = 'Sales') =>
    app.inject({
      method: 'POST',
      url: '/api/v1/departments',
      headers: { ...as(ADMIN), 'idempotency-key': key },
      payload: { department_name: name },
    });

  it('a repeated key returns the first answer and creates nothing more', async () => {
    const { app, db } = await setup();
    const first = await createDepartment(app, 'k-1');
    const second = await createDepartment(app, 'k-1');
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.json()).toEqual(first.json());
    expect(await db.selectFrom('departments').selectAll().execute()).toHaveLength(1);
  });

  it('the same key on another path is refused with 422 and changes nothing', async () => {
    const { app, db } = await setup();
    await createDepartment(app, 'k-2');
    const other = await app.inject({
      method: 'POST',
      url: '/api/v1/projects',
      headers: { ...as(ADMIN), 'idempotency-key': 'k-2' },
      payload: { project_name: 'Launch' },
    });
    expect(other.statusCode).toBe(422);
    expect(await db.selectFrom('projects').selectAll().execute()).toHaveLength(0);
  });

  it('a key whose first request is still running answers 409; one abandoned by a crash is taken over', async () => {
    const { app, db } = await setup();
    const org = await db.selectFrom('users').select(['org_id', 'user_id']).executeTakeFirstOrThrow();
    const pending = {
      org_scope: org.org_id,
      user_scope: org.user_id,
      method: 'POST',
      path: '/api/v1/departments',
      status_code: null,
      response: null,
    };
    await db
      .insertInto('idempotency_keys')
      .values({ ...pending, idem_key: 'running', created_time: new Date().toISOString() })
      .execute();
    expect((await createDepartment(app, 'running')).statusCode).toBe(409);
    await db
      .insertInto('idempotency_keys')
      .values({
        ...pending,
        idem_key: 'crashed',
        created_time: new Date(Date.now() - 5 * 60_000).toISOString(),
      })
      .execute();
    const retried = await createDepartment(app, 'crashed', 'Finance');
    expect(retried.statusCode).toBe(201);
    expect(await db.selectFrom('departments').select('department_name').execute()).toEqual([
      { department_name: 'Finance' },
    ]);
  });

  it('a malformed key is refused with 400', async () => {
    const { app } = await setup();
    const res = await createDepartment(app, 'has space');
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/Idempotency-Key/);
  });
});

/**
 * A member kept between requests (auth/member-cache.ts) never outlives a change to the directory:
 * an admin's role change or deactivation applies to the user's very next request on either
 * database; on PostgreSQL a change committed by anyone else applies once the database announces
 * it, and while the announcements cannot be heard nothing is kept (nor by a listener that never
 * hears its own test notice); on SQLite a commit by another connection to the file applies to the
 * next request.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, it, onTestFinished } from 'vitest';
import { buildApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { openDatabase } from '../../server/db/connect.js';
import {
  DirectoryWatch,
  directoryWatchOf,
  listenForDirectoryChanges,
} from '../../server/db/directory-watch.js';
import { DIALECTS } from '../helpers/dialects.js';
import { ADMIN, buildOrgApp } from '../helpers/org-fixture.js';
import { as, testVerifier } from '../helpers/test-app.js';

const REP = 'rep@kept.example';

async function orgWithRep(dialect: (typeof DIALECTS)[number]) {
  const built = await buildOrgApp(dialect);
  const { app } = built;
  const repId = await built.addUser(REP, { name: 'Rep' });
  // The rep's first sign-in links their Zoho id to the row the admin added: a directory write.
  expect((await app.inject({ method: 'GET', url: '/api/v1/users/me', headers: as(REP) })).statusCode).toBe(
    200,
  );
  /** The rep asks for an admins-only page: 200 once they are an admin, 403 before. */
  const repOpensAdminPage = async () =>
    (await app.inject({ method: 'GET', url: '/api/v1/integrations/crm', headers: as(REP) })).statusCode;
  return { ...built, repId, repOpensAdminPage };
}

describe.each(DIALECTS)('members kept between requests, on %s', (dialect) => {
  it("an admin's role change applies to the user's very next request", async () => {
    const { app, repId, repOpensAdminPage } = await orgWithRep(dialect);
    expect(await repOpensAdminPage()).toBe(403);
    expect(await repOpensAdminPage()).toBe(403);
    const promoted = await app.inject({
      method: 'PUT',
      url: `/api/v1/users/${repId}`,
      headers: as(ADMIN),
      payload: { user_role: 'admin' },
    });
    expect(promoted.statusCode).toBe(200);
    expect(await repOpensAdminPage()).toBe(200);
  });

  it('a user deactivated by an admin is refused on their very next request', async () => {
    const { app, repId } = await orgWithRep(dialect);
    const me = () => app.inject({ method: 'GET', url: '/api/v1/users/me', headers: as(REP) });
    expect((await me()).statusCode).toBe(200);
    expect((await me()).statusCode).toBe(200);
    const off = await app.inject({
      method: 'POST',
      url: `/api/v1/users/${repId}/inactive`,
      headers: as(ADMIN),
    });
    expect(off.statusCode).toBe(200);
    const refused = await me();
    expect(refused.statusCode).toBe(403);
    expect(refused.json().message).toMatch(/inactive/i);
  });
});

const onPostgres = DIALECTS.includes('postgres');

/** Polls until `check` holds, for at most `ms`. */
async function until(check: () => boolean | Promise<boolean>, ms = 5_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.runIf(onPostgres)('members kept between requests, changed elsewhere, on postgres', () => {
  /** A connection of another server instance, or a console: its writes are not this process's. */
  async function elsewhere(schema: string) {
    const client = new pg.Client({
      connectionString: process.env.TEST_DATABASE_URL,
      options: `-c search_path=${schema}`,
    });
    await client.connect();
    onTestFinished(() => client.end());
    return client;
  }

  async function setup() {
    const built = await orgWithRep('postgres');
    const { rows } = await built.database.pgPool!.query<{ schema: string }>(
      'SELECT current_schema() AS schema',
    );
    const schema = rows[0]!.schema;
    const other = await elsewhere(schema);
    const watch = directoryWatchOf(built.db)!;
    await until(() => watch.live);
    return { ...built, schema, other, watch };
  }

  it('a change committed by another instance applies once the database announces it', async () => {
    const { other, repOpensAdminPage, watch } = await setup();
    expect(await repOpensAdminPage()).toBe(403);
    const before = watch.generation;
    await other.query("UPDATE users SET user_role = 'admin' WHERE email = $1", [REP]);
    await until(() => watch.generation > before);
    expect(await repOpensAdminPage()).toBe(200);
  });

  it('the member is kept: unannounced, a change elsewhere is not seen; with the listener lost, it is', async () => {
    const { other, schema, repOpensAdminPage, watch } = await setup();
    expect(await repOpensAdminPage()).toBe(403);
    // The change is made without its announcement, so only a read of the database can see it.
    await other.query('ALTER TABLE users DISABLE TRIGGER users_directory_changed');
    try {
      await other.query("UPDATE users SET user_role = 'admin' WHERE email = $1", [REP]);
      expect(await repOpensAdminPage()).toBe(403);

      // The listening connection is lost: announcements could be missed, so nothing kept is used.
      const { rowCount } = await other.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1',
        [`dealspend-directory ${schema}`],
      );
      expect(rowCount).toBe(1);
      await until(() => !watch.live);
      expect(await repOpensAdminPage()).toBe(200);

      // Listening again, members are kept again.
      await until(() => watch.live);
      expect(await repOpensAdminPage()).toBe(200);
      await other.query("UPDATE users SET user_role = 'submitter' WHERE email = $1", [REP]);
      expect(await repOpensAdminPage()).toBe(200);
    } finally {
      await other.query('ALTER TABLE users ENABLE TRIGGER users_directory_changed');
    }
  });
});

describe('members kept between requests, changed by another connection, on sqlite', () => {
  it("a commit by another connection to the file applies to the next request (SQLite's data_version)", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dealspend-kept-'));
    const file = path.join(dir, 'dealspend.db');
    const database = await openDatabase({ sqliteFile: file });
    const app = await buildApp({
      config: loadConfig({ LOG_LEVEL: 'silent' }),
      database,
      identity: testVerifier,
      logger: false,
      startWorkers: false,
    });
    const console_ = new SQLite(file);
    onTestFinished(async () => {
      console_.close();
      await app.close();
      await database.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    });
    const adminPage = async () =>
      (await app.inject({ method: 'GET', url: '/api/v1/integrations/crm', headers: as(ADMIN) })).statusCode;
    // The first sign-in creates the organisation with its admin; the next request is kept.
    expect(await adminPage()).toBe(200);
    expect(await adminPage()).toBe(200);
    const changed = console_
      .prepare("UPDATE users SET user_role = 'submitter' WHERE email = ?")
      .run(ADMIN).changes;
    expect(changed).toBe(1);
    expect(await adminPage()).toBe(403);
  });
});

describe.runIf(onPostgres)('the directory listener, on postgres', () => {
  /** A schema of the test's own, dropped when it finishes. */
  async function ownSchema(name: string, setup = '') {
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${name}`);
    if (setup) await admin.query(setup);
    onTestFinished(async () => {
      await admin.query(`DROP SCHEMA ${name} CASCADE`);
      await admin.end();
    });
  }

  it('goes live once it hears its own notice, and never when its notices do not come back', async () => {
    const suffix = Math.random().toString(16).slice(2, 10);
    const hears = `listen_ok_${suffix}`;
    const deaf = `listen_deaf_${suffix}`;
    await ownSchema(hears);
    // Stands in for a pooler that does not carry notices: the session's pg_notify sends nothing.
    await ownSchema(
      deaf,
      `CREATE FUNCTION ${deaf}.pg_notify(text, text) RETURNS void LANGUAGE sql AS 'SELECT NULL::void'`,
    );
    const open = async (schema: string) => {
      const watch = new DirectoryWatch();
      const listener = await listenForDirectoryChanges(
        watch,
        { connectionString: process.env.TEST_DATABASE_URL, options: `-c search_path=${schema},pg_catalog` },
        { pingTimeoutMs: 300 },
      );
      onTestFinished(() => listener.stop());
      return watch;
    };
    const hearing = await open(hears);
    const deafened = await open(deaf);
    expect(hearing.live).toBe(true);
    expect(deafened.live).toBe(false);
    // It keeps trying, and keeps failing, for as long as its notices do not come back.
    await new Promise((r) => setTimeout(r, 1_500));
    expect(deafened.live).toBe(false);
    expect(hearing.live).toBe(true);
  });
});

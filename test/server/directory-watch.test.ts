/**
 * What moves the directory watch (db/directory-watch.ts) and what a member cache keeps because of
 * it (auth/member-cache.ts), as pure rules: which statements write the directory, when a write's
 * transaction has ended, and which reads may be kept and used.
 */
import { describe, expect, it } from 'vitest';
import { MemberCache } from '../../server/auth/member-cache.js';
import { DirectoryWatch, trackDirectoryWrites, writesDirectory } from '../../server/db/directory-watch.js';

describe('writesDirectory', () => {
  it.each([
    'insert into "users" ("user_id", "org_id") values ($1, $2)',
    'update "users" set "user_role" = $1 where "user_id" = $2',
    'delete from "users" where "org_id" = $1',
    'insert into "organizations" ("org_id") values ($1) on conflict do nothing',
    'update "organizations" set "settings" = $1',
    'UPDATE users SET status = $1',
    'update "t_1_a_b"."users" set "name" = $1',
    'with "moved" as (update "users" set "manager_id" = $1 returning 1) select count(*) from "moved"',
    'TRUNCATE t_1_a_b."expenses", t_1_a_b."users", t_1_a_b."contacts" CASCADE',
    'truncate table organizations',
  ])('%s writes the directory', (sql) => {
    expect(writesDirectory(sql)).toBe(true);
  });

  it.each([
    'select * from "users" where "zuid" = $1',
    'with "answer" as (insert into "idempotency_keys" select $1 where exists (select from "organizations" where "org_id" = $2) returning 1) insert into "expenses" select $3 from "answer"',
    'update "expenses" set "status" = $1 where "user_id" in (select "user_id" from "users" where "org_id" = $2)',
    'insert into "users_archive" values ($1)',
    'insert into "sync_links" ("module") values ($1) on conflict do update set "local_id" = $2',
    'delete from "expenses" using "users" where "expenses"."user_id" = "users"."user_id"',
    'truncate "expenses", "reports"',
  ])('%s does not', (sql) => {
    expect(writesDirectory(sql)).toBe(false);
  });
});

/** A statement path that answers when told to, so a test can look between a statement and its end. */
function pendingQueries() {
  const waiting: Array<() => void> = [];
  const query = (_sql: string) =>
    new Promise<void>((resolve) => {
      waiting.push(resolve);
    });
  const answerNext = async () => {
    waiting.shift()?.();
    await new Promise((r) => setImmediate(r));
  };
  return { query, answerNext };
}

describe('trackDirectoryWrites', () => {
  it('a directory write outside a transaction moves the watch when issued and again when it is done', async () => {
    const watch = new DirectoryWatch();
    const { query, answerNext } = pendingQueries();
    const tracked = trackDirectoryWrites(watch, query);
    const done = tracked.query('update "users" set "status" = $1');
    expect(watch.generation).toBe(1);
    await answerNext();
    await done;
    expect(watch.generation).toBe(2);
  });

  it('inside a transaction the watch moves again only when the transaction ends', async () => {
    const watch = new DirectoryWatch();
    const { query, answerNext } = pendingQueries();
    const tracked = trackDirectoryWrites(watch, query);
    const steps = [
      tracked.query('begin'),
      tracked.query('update "users" set "user_role" = $1'),
      tracked.query('select 1'),
    ];
    for (let i = 0; i < 3; i++) await answerNext();
    await Promise.all(steps);
    expect(watch.generation).toBe(1);
    const commit = tracked.query('commit');
    await answerNext();
    await commit;
    expect(watch.generation).toBe(2);
  });

  it('a transaction ended by its connection going back to the pool moves the watch', async () => {
    const watch = new DirectoryWatch();
    const { query, answerNext } = pendingQueries();
    const tracked = trackDirectoryWrites(watch, query);
    const steps = [tracked.query('begin'), tracked.query('delete from "organizations" where "org_id" = $1')];
    await answerNext();
    await answerNext();
    await Promise.all(steps);
    expect(watch.generation).toBe(1);
    tracked.released();
    expect(watch.generation).toBe(2);
  });

  it('other statements never move it', async () => {
    const watch = new DirectoryWatch();
    const { query, answerNext } = pendingQueries();
    const tracked = trackDirectoryWrites(watch, query);
    const steps = ['begin', 'insert into "expenses" values ($1)', 'select * from "users"', 'commit'].map(
      (s) => tracked.query(s),
    );
    for (let i = 0; i < 4; i++) await answerNext();
    await Promise.all(steps);
    tracked.released();
    expect(watch.generation).toBe(0);
  });
});

describe('MemberCache', () => {
  function liveWatch() {
    const watch = new DirectoryWatch();
    watch.live = true;
    return watch;
  }

  it('keeps a read until the directory moves', () => {
    const watch = liveWatch();
    const cache = new MemberCache<string>(watch);
    const ticket = cache.ticket();
    cache.keep('a', 'rows of a', ticket);
    expect(cache.get('a')).toBe('rows of a');
    watch.changed();
    expect(cache.get('a')).toBeUndefined();
  });

  it('does not keep a read during which the directory moved', () => {
    const watch = liveWatch();
    const cache = new MemberCache<string>(watch);
    const ticket = cache.ticket();
    watch.changed();
    cache.keep('a', 'rows read before the change', ticket);
    expect(cache.get('a')).toBeUndefined();
  });

  it('keeps nothing, and uses nothing kept, while changes by others are not heard', () => {
    const watch = liveWatch();
    const cache = new MemberCache<string>(watch);
    cache.keep('a', 'rows of a', cache.ticket());
    watch.live = false;
    expect(cache.get('a')).toBeUndefined();
    expect(cache.ticket()).toBeUndefined();
    cache.keep('b', 'rows of b', watch.generation);
    watch.live = true;
    expect(cache.get('b')).toBeUndefined();
  });

  it('forgets a read after five minutes whatever the watch says', () => {
    const watch = liveWatch();
    let now = 1_000_000;
    const cache = new MemberCache<string>(watch, () => now);
    cache.keep('a', 'rows of a', cache.ticket());
    now += 5 * 60_000 - 1;
    expect(cache.get('a')).toBe('rows of a');
    now += 1;
    expect(cache.get('a')).toBeUndefined();
  });
});

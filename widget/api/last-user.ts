/**
 * The last signed-in user (with their organisation id), kept in the `cache` store on every
 * successful start so the widget can open offline. Only the profile: the token never leaves memory.
 */
import type { DealSpendDatabase } from './db.js';
import type { User } from './types.js';

const KEY = 'session:last-user';

export async function rememberUser(
  db: Promise<DealSpendDatabase>,
  me: User,
  now = Date.now(),
): Promise<void> {
  await (await db).put('cache', { key: KEY, value: me, storedAt: now }).catch(() => {});
}

export async function recallUser(db: Promise<DealSpendDatabase>): Promise<User | null> {
  try {
    return ((await (await db).get('cache', KEY))?.value as User | undefined) ?? null;
  } catch {
    return null;
  }
}

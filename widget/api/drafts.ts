import type { DealSpendDatabase } from './db.js';

/** Drafts saved as the user types; `saveDraft(key, null)` forgets one (after a save). */
export interface Drafts {
  save(key: string, value: unknown): Promise<void>;
  load(key: string): Promise<unknown>;
}

export function createDrafts(db: Promise<DealSpendDatabase>, now: () => number = Date.now): Drafts {
  return {
    async save(key, value) {
      const d = await db;
      if (value === null || value === undefined) await d.delete('drafts', key);
      else await d.put('drafts', { key, value, savedAt: now() });
    },
    async load(key) {
      return (await (await db).get('drafts', key))?.value ?? null;
    },
  };
}

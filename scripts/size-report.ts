/**
 * Gzipped size of what each widget entry loads before it can paint: the entry script, the chunks
 * it preloads (its static imports) and its stylesheets, read from the built HTML in dist/widget/.
 * Lazy chunks (the tab's views, the expense form in the related list) are not counted: they load
 * when opened. Fails when an entry is over its budget.
 *   npm run size            (after npm run build)
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export const WIDGET_DIST = path.resolve(import.meta.dirname, '../dist/widget');

/** Budgets in gzipped bytes (issue #5: related list ≤ 30 KB, tab ≤ 80 KB). */
export const BUDGETS: Record<string, number> = { 'related-list': 30 * 1024, tab: 80 * 1024 };

export interface EntrySize {
  entry: string;
  files: string[];
  gzipBytes: number;
  budget: number | undefined;
}

/** The files an entry's HTML loads up front: module script, modulepreloads, stylesheets. */
export function initialFiles(html: string): string[] {
  const files = new Set<string>();
  for (const m of html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g)) files.add(m[1]!);
  for (const m of html.matchAll(/<link[^>]*rel="(?:modulepreload|stylesheet)"[^>]*href="([^"]+)"/g))
    files.add(m[1]!);
  return [...files].filter((f) => !/^https?:/.test(f));
}

export async function measureEntry(dir: string, entry: string): Promise<EntrySize> {
  const html = await readFile(path.join(dir, `${entry}.html`), 'utf8');
  const files = initialFiles(html);
  let gzipBytes = 0;
  for (const f of files) gzipBytes += gzipSync(await readFile(path.join(dir, f)), { level: 9 }).length;
  return { entry, files, gzipBytes, budget: BUDGETS[entry] };
}

export async function measureEntries(dir = WIDGET_DIST): Promise<EntrySize[]> {
  return Promise.all(Object.keys(BUDGETS).map((e) => measureEntry(dir, e)));
}

async function main() {
  const sizes = await measureEntries();
  let over = false;
  console.log('entry          gzip initial JS+CSS   budget');
  for (const s of sizes) {
    const kb = (s.gzipBytes / 1024).toFixed(1);
    const budget = s.budget ? `${(s.budget / 1024).toFixed(0)} KB` : '-';
    const fail = s.budget !== undefined && s.gzipBytes > s.budget;
    over ||= fail;
    console.log(
      `${s.entry.padEnd(14)} ${`${kb} KB`.padStart(10)}            ${budget}${fail ? '  OVER BUDGET' : ''}`,
    );
  }
  if (over) process.exit(1);
}

const isEntry = process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename);
if (isEntry) {
  main().catch((err: unknown) => {
    console.error(
      `size report failed: ${err instanceof Error ? err.message : String(err)} (run npm run build first)`,
    );
    process.exit(1);
  });
}

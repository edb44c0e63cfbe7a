import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** Where `npm run build` puts the widget. */
export const WIDGET_DIST = path.resolve(import.meta.dirname, '../../dist/widget');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

/** Reads a built widget file; undefined when missing or outside the folder. */
export async function readWidgetFile(
  root: string,
  relative: string,
): Promise<{ body: Buffer; type: string; immutable: boolean } | undefined> {
  const file = path.resolve(root, relative);
  if (!file.startsWith(root + path.sep)) return undefined;
  try {
    const body = await readFile(file);
    const ext = path.extname(file);
    return {
      body,
      type: TYPES[ext] ?? 'application/octet-stream',
      immutable: relative.startsWith('assets/'),
    };
  } catch {
    return undefined;
  }
}

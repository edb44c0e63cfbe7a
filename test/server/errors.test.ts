import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderErrorsDoc } from '../../scripts/errors-doc.js';
import { ERROR_CATALOGUE } from '../../server/errors.js';

describe('error catalogue', () => {
  it('gives every error a unique code', () => {
    const codes = Object.values(ERROR_CATALOGUE).map((d) => d.code);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('uses a 4xx or 5xx status and a message for a person on every entry', () => {
    for (const [key, d] of Object.entries(ERROR_CATALOGUE)) {
      expect(d.status, key).toBeGreaterThanOrEqual(400);
      expect(d.message.length, key).toBeGreaterThan(10);
      expect(key).toMatch(/^[A-Z][A-Z0-9_]+$/);
    }
  });

  it('is listed in docs/errors.md exactly as the catalogue says (run npm run docs:errors)', () => {
    expect(fs.readFileSync('docs/errors.md', 'utf8')).toBe(renderErrorsDoc());
  });
});

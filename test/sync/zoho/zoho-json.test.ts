import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseZohoJson, withoutNul } from '../../../server/zoho/zoho-json.js';

/** Every string in a JSON value, keys included. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value !== null && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => [k, ...strings(v)]);
  return [];
}

describe('Zoho JSON answers', () => {
  it('lose NUL characters in strings and keys, however deep', () => {
    const text = JSON.stringify({
      data: [
        {
          Account_Name: 'Acme\u0000 Ltd',
          'Ke\u0000y': ['\u0000', 1, null, true],
          Owner: { name: 'A\u0000' },
        },
      ],
    });
    expect(parseZohoJson(text)).toEqual({
      data: [{ Account_Name: 'Acme Ltd', Key: ['', 1, null, true], Owner: { name: 'A' } }],
    });
  });

  it('keep a "__proto__" key as a key', () => {
    const text = '{"__proto__":{"x":"y"},"n":"a\\u0000"}';
    const parsed = parseZohoJson(text) as Record<string, unknown>;
    expect(parsed.n).toBe('a');
    expect(Object.keys(parsed)).toEqual(['__proto__', 'n']);
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
  });

  it('keep an escaped backslash followed by u0000, which is no NUL', () => {
    expect(parseZohoJson('{"a":"x\\\\u0000"}')).toEqual({ a: 'x\\u0000' });
  });

  it('are parsed as JSON.parse does, minus NUL, for any JSON value', () => {
    fc.assert(
      // Strings made mostly of NUL and the characters of its escape, so both come up often.
      fc.property(
        fc.jsonValue({ stringUnit: fc.constantFrom('\u0000', '\\', 'u', '0', 'a', 'é') }),
        (value) => {
          const text = JSON.stringify(value);
          const parsed = parseZohoJson(text);
          expect(parsed).toEqual(withoutNul(JSON.parse(text)));
          expect(strings(parsed).some((s) => s.includes('\u0000'))).toBe(false);
        },
      ),
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  classifyReceipt,
  hasReceiptStructure,
  type ReceiptKind,
  sniffReceiptKind,
} from '../../../server/domain/receipt-type.js';
import { SAMPLES } from '../receipt-samples.js';

describe('sniffReceiptKind', () => {
  it('recognises every supported type from its magic bytes', () => {
    expect(sniffReceiptKind(SAMPLES.jpeg)).toBe('jpeg');
    expect(sniffReceiptKind(SAMPLES.png)).toBe('png');
    expect(sniffReceiptKind(SAMPLES.gif)).toBe('gif');
    expect(sniffReceiptKind(SAMPLES.pdf)).toBe('pdf');
    expect(sniffReceiptKind(SAMPLES.bmp)).toBe('bmp');
    expect(sniffReceiptKind(SAMPLES.heic)).toBe('heic');
    expect(sniffReceiptKind(SAMPLES.heif)).toBe('heif');
  });

  it('recognises TIFF in both byte orders', () => {
    expect(sniffReceiptKind(SAMPLES.tiffLittle)).toBe('tiff');
    expect(sniffReceiptKind(SAMPLES.tiffBig)).toBe('tiff');
  });

  it('refuses text, empty files and a bare "BM" prefix', () => {
    expect(sniffReceiptKind(SAMPLES.text)).toBeUndefined();
    expect(sniffReceiptKind(new Uint8Array())).toBeUndefined();
    expect(sniffReceiptKind(new TextEncoder().encode('BMW invoice for the car service'))).toBeUndefined();
  });

  it('refuses an ISO-BMFF file whose brand is not HEIC/HEIF (e.g. an MP4 video)', () => {
    const mp4 = Uint8Array.from([0, 0, 0, 0x18, ...new TextEncoder().encode('ftypisom'), 0, 0, 0, 0]);
    expect(sniffReceiptKind(mp4)).toBeUndefined();
  });

  it('never throws and answers a known kind or undefined for any bytes (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (b) => {
        const kind = sniffReceiptKind(b);
        expect(kind === undefined || typeof kind === 'string').toBe(true);
      }),
    );
  });

  it('a signature followed by any bytes is still that type (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('jpeg', 'png', 'gif', 'pdf', 'tiffLittle', 'tiffBig', 'bmp', 'heic') as fc.Arbitrary<
          keyof typeof SAMPLES
        >,
        fc.uint8Array({ maxLength: 64 }),
        (name, rest) => {
          const sample = SAMPLES[name];
          const b = new Uint8Array([...sample.subarray(0, 24), ...rest]);
          const expected = name.startsWith('tiff') ? 'tiff' : name;
          expect(sniffReceiptKind(b)).toBe(expected);
        },
      ),
    );
  });
});

const ascii = (text: string) => Array.from(text, (c) => c.charCodeAt(0));
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** A copy of `sample` with `patch` written at `at`. */
function patched(sample: Uint8Array, at: number, patch: number[]): Uint8Array {
  const out = Uint8Array.from(sample);
  out.set(patch, at);
  return out;
}
/** The old test samples: the right magic bytes followed by filler, and nothing of the format behind them. */
const filler = Array.from({ length: 32 }, (_, i) => (i * 37) % 256);

/** Each good sample, its kind, and how many leading bytes the structure check reads (a PDF: its end). */
const GOOD: [keyof typeof SAMPLES, ReceiptKind, number][] = [
  ['png', 'png', 33],
  ['jpeg', 'jpeg', 4 + 16],
  ['gif', 'gif', 14],
  ['tiffLittle', 'tiff', 8 + 2 + 3 * 12],
  ['tiffBig', 'tiff', 8 + 2 + 3 * 12],
  ['bmp', 'bmp', 58],
  ['heic', 'heic', 24 + 8],
  ['heif', 'heif', 24 + 8],
];

/** Files that start with the right bytes but are not files of that type, with what gives them away. */
const FORGED: [string, ReceiptKind, Uint8Array][] = [
  ['PNG signature then filler', 'png', Uint8Array.from([...PNG_SIGNATURE, ...filler])],
  ['PNG whose first chunk is not IHDR', 'png', patched(SAMPLES.png, 12, ascii('IDAT'))],
  ['PNG with a zero width', 'png', patched(SAMPLES.png, 16, [0, 0, 0, 0])],
  ['PNG with colour type 5', 'png', patched(SAMPLES.png, 25, [5])],
  ['JPEG SOI then filler', 'jpeg', Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, ...filler])],
  ['JPEG SOI then EOI', 'jpeg', Uint8Array.from([0xff, 0xd8, 0xff, 0xd9, 0, 2])],
  ['JPEG opening with a scan (SOS)', 'jpeg', patched(SAMPLES.jpeg, 3, [0xda])],
  ['JPEG segment length under 2', 'jpeg', patched(SAMPLES.jpeg, 4, [0, 1])],
  ['JPEG segment longer than the file', 'jpeg', patched(SAMPLES.jpeg, 4, [0x10, 0])],
  ['GIF version then filler', 'gif', Uint8Array.from([...ascii('GIF89a'), ...filler])],
  ['GIF header alone', 'gif', Uint8Array.from(ascii('GIF87a'))],
  ['GIF screen descriptor then no block', 'gif', patched(SAMPLES.gif, 13, [0x00])],
  ['GIF with a colour table beyond the file', 'gif', patched(SAMPLES.gif, 10, [0x87])],
  ['PDF header then filler', 'pdf', Uint8Array.from([...ascii('%PDF-1.7\n'), ...filler])],
  [
    'PDF whose %%EOF is more than 1 KB before its end',
    'pdf',
    Uint8Array.from([...SAMPLES.pdf, ...new Array(1024).fill(0x20)]),
  ],
  ['TIFF header then filler', 'tiff', Uint8Array.from([0x49, 0x49, 0x2a, 0x00, ...filler])],
  ['TIFF directory past the end', 'tiff', patched(SAMPLES.tiffLittle, 4, [0xff, 0, 0, 0])],
  ['TIFF directory inside the header', 'tiff', patched(SAMPLES.tiffBig, 4, [0, 0, 0, 4])],
  ['TIFF directory with no entries', 'tiff', patched(SAMPLES.tiffLittle, 8, [0, 0])],
  ['TIFF entries running past the end', 'tiff', patched(SAMPLES.tiffBig, 8, [0, 9])],
  ['BMP declaring more bytes than it has', 'bmp', patched(SAMPLES.bmp, 2, [0xff, 0xff, 0, 0])],
  ['BMP declaring fewer bytes than its headers', 'bmp', patched(SAMPLES.bmp, 2, [20, 0, 0, 0])],
  ['BMP pixels inside its headers', 'bmp', patched(SAMPLES.bmp, 10, [14, 0, 0, 0])],
  ['BMP pixels past its end', 'bmp', patched(SAMPLES.bmp, 10, [58, 0, 0, 0])],
  ['HEIC ftyp then filler', 'heic', Uint8Array.from([0, 0, 0, 0x18, ...ascii('ftypheic'), ...filler])],
  ['HEIC ftyp larger than the file', 'heic', patched(SAMPLES.heic, 0, [0, 0, 1, 0])],
  ['HEIC ftyp with a partial brand', 'heic', patched(SAMPLES.heic, 3, [0x1a])],
  ['HEIC ftyp followed by no box', 'heic', SAMPLES.heic.subarray(0, 24)],
  ['HEIF ftyp followed by a box of size 5', 'heif', patched(SAMPLES.heif, 24, [0, 0, 0, 5])],
];

describe('hasReceiptStructure', () => {
  it.each(GOOD)('accepts the %s sample', (name, kind) => {
    expect(hasReceiptStructure(kind, SAMPLES[name])).toBe(true);
    expect(classifyReceipt(SAMPLES[name], '', 'scan')).toMatchObject({ ok: true, kind });
  });

  it('accepts the PDF sample, and one whose %%EOF is followed by less than 1 KB', () => {
    expect(hasReceiptStructure('pdf', SAMPLES.pdf)).toBe(true);
    const padded = Uint8Array.from([...SAMPLES.pdf, ...new Array(1000).fill(0x20)]);
    expect(hasReceiptStructure('pdf', padded)).toBe(true);
  });

  it.each(FORGED)('refuses a forged file: %s', (_name, kind, forged) => {
    // Each still has the magic bytes: only the structure check refuses it.
    expect(sniffReceiptKind(forged)).toBe(kind);
    expect(hasReceiptStructure(kind, forged)).toBe(false);
    expect(classifyReceipt(forged, '', 'scan')).toEqual({ ok: false, reason: 'UNSUPPORTED_FILE_TYPE' });
  });

  it('refuses every good sample cut short inside the structure it checks (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...GOOD), fc.nat(), ([name, kind, needed], n) => {
        const cut = SAMPLES[name].subarray(0, n % needed);
        expect(hasReceiptStructure(kind, cut)).toBe(false);
      }),
    );
  });

  it('reads only the head of a file (the end of a PDF): bytes added after it change nothing (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...GOOD), fc.uint8Array({ maxLength: 2048 }), ([name, kind], extra) => {
        expect(hasReceiptStructure(kind, Uint8Array.from([...SAMPLES[name], ...extra]))).toBe(true);
      }),
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), (before) => {
        expect(hasReceiptStructure('pdf', Uint8Array.from([...before, ...SAMPLES.pdf]))).toBe(true);
      }),
    );
  });

  it('never throws, whatever the bytes and the kind (property)', () => {
    const kinds: ReceiptKind[] = ['jpeg', 'png', 'gif', 'pdf', 'tiff', 'bmp', 'heic', 'heif'];
    fc.assert(
      fc.property(fc.constantFrom(...kinds), fc.uint8Array({ maxLength: 96 }), (kind, b) => {
        expect(typeof hasReceiptStructure(kind, b)).toBe('boolean');
      }),
    );
  });
});

describe('classifyReceipt', () => {
  it('stores the sniffed type, whatever generic type the client declared', () => {
    expect(classifyReceipt(SAMPLES.png, 'application/octet-stream', 'scan')).toEqual({
      ok: true,
      kind: 'png',
      contentType: 'image/png',
    });
    expect(classifyReceipt(SAMPLES.pdf, '', 'r.pdf')).toMatchObject({
      ok: true,
      contentType: 'application/pdf',
    });
  });

  it('accepts a correct declared type and extension', () => {
    expect(classifyReceipt(SAMPLES.jpeg, 'image/jpeg', 'lunch.JPG')).toMatchObject({
      ok: true,
      kind: 'jpeg',
    });
    expect(classifyReceipt(SAMPLES.heic, 'image/heif', 'photo.heif')).toMatchObject({
      ok: true,
      kind: 'heic',
    });
  });

  it('refuses bytes whose declared type names another format as mislabelled', () => {
    expect(classifyReceipt(SAMPLES.png, 'image/jpeg', 'a')).toEqual({
      ok: false,
      reason: 'RECEIPT_MISLABELLED',
    });
    expect(classifyReceipt(SAMPLES.pdf, 'text/plain', 'a')).toEqual({
      ok: false,
      reason: 'RECEIPT_MISLABELLED',
    });
  });

  it('refuses bytes whose extension names another format as mislabelled', () => {
    expect(classifyReceipt(SAMPLES.gif, 'application/octet-stream', 'invoice.pdf')).toEqual({
      ok: false,
      reason: 'RECEIPT_MISLABELLED',
    });
  });

  it('refuses unknown content as unsupported, whatever its label says', () => {
    expect(classifyReceipt(SAMPLES.text, 'image/png', 'a.png')).toEqual({
      ok: false,
      reason: 'UNSUPPORTED_FILE_TYPE',
    });
  });
});

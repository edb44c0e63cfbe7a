import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyReceipt, sniffReceiptKind } from '../../../server/domain/receipt-type.js';
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

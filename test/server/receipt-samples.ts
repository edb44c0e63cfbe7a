/**
 * Minimal byte sequences that start like real files of each receipt type (enough for sniffing),
 * and a hand-built multipart body for upload tests.
 */
const tail = (n = 32) => Array.from({ length: n }, (_, i) => (i * 37) % 256);

function bytes(...parts: (number[] | string)[]): Uint8Array {
  const out: number[] = [];
  for (const p of parts) {
    if (typeof p === 'string') for (const ch of p) out.push(ch.charCodeAt(0));
    else out.push(...p);
  }
  return Uint8Array.from(out);
}

export const SAMPLES = {
  jpeg: bytes([0xff, 0xd8, 0xff, 0xe0], tail()),
  png: bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], tail()),
  gif: bytes('GIF89a', tail()),
  pdf: bytes('%PDF-1.7\n', tail()),
  tiffLittle: bytes([0x49, 0x49, 0x2a, 0x00], tail()),
  tiffBig: bytes([0x4d, 0x4d, 0x00, 0x2a], tail()),
  // "BM", file size, reserved, pixel offset, then a 40-byte BITMAPINFOHEADER size field.
  bmp: bytes('BM', [0x46, 0, 0, 0, 0, 0, 0, 0, 0x36, 0, 0, 0, 40, 0, 0, 0], tail()),
  heic: bytes([0, 0, 0, 0x18], 'ftypheic', [0, 0, 0, 0], 'mif1heic', tail()),
  heif: bytes([0, 0, 0, 0x18], 'ftypmif1', [0, 0, 0, 0], 'mif1heic', tail()),
  text: bytes('Total: 12.50 USD\n'),
} as const;

/** A multipart/form-data body with one file part. */
export function multipartBody(
  file: Uint8Array,
  opts: { field?: string; fileName?: string; contentType?: string } = {},
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----dealspend-test-boundary';
  const head =
    `--${boundary}\r\n` +
    `Content-Disposition: form-data; name="${opts.field ?? 'receipt'}"; filename="${opts.fileName ?? 'receipt'}"\r\n` +
    `Content-Type: ${opts.contentType ?? 'application/octet-stream'}\r\n\r\n`;
  const payload = Buffer.concat([
    Buffer.from(head),
    Buffer.from(file),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

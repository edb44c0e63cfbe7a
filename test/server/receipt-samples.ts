/**
 * Small files of each receipt type, built to the letter of each format's structure (what the
 * server's type sniffing and structure check read), and a hand-built multipart body for upload
 * tests. The PNG is a real 1×1 image; the others are well-formed headers around filler bytes.
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

const u16be = (n: number) => [(n >> 8) & 0xff, n & 0xff];
const u32be = (n: number) => [(n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
const u16le = (n: number) => u16be(n).reverse();
const u32le = (n: number) => u32be(n).reverse();

/** A TIFF header and a first directory of three entries (width 1, height 1, 8 bits per sample). */
function tiff(little: boolean): Uint8Array {
  const u16 = little ? u16le : u16be;
  const u32 = little ? u32le : u32be;
  // A SHORT value sits in the first two bytes of the 4-byte value field.
  const entry = (tag: number, value: number) => [...u16(tag), ...u16(3), ...u32(1), ...u16(value), 0, 0];
  return bytes(
    little ? 'II' : 'MM',
    u16(42),
    u32(8),
    u16(3),
    entry(0x0100, 1),
    entry(0x0101, 1),
    entry(0x0102, 8),
    u32(0),
    tail(4),
  );
}

/** An ISO-BMFF file: an ftyp box with these brands, then a meta box of filler. */
function heif(major: string, compatible: string[]): Uint8Array {
  const ftyp = 16 + 4 * compatible.length;
  const meta = tail();
  return bytes(
    u32be(ftyp),
    'ftyp',
    major,
    u32be(0),
    compatible.join(''),
    u32be(8 + meta.length),
    'meta',
    meta,
  );
}

export const SAMPLES = {
  png: Uint8Array.from(
    Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
      'base64',
    ),
  ),
  // SOI, a 16-byte JFIF APP0 segment, filler, EOI.
  jpeg: bytes(
    [0xff, 0xd8, 0xff, 0xe0],
    u16be(16),
    'JFIF',
    [0, 1, 1, 0, 0, 1, 0, 1, 0, 0],
    tail(),
    [0xff, 0xd9],
  ),
  // Header, a 1×1 screen with no colour table, one image of one pixel, trailer.
  gif: bytes('GIF89a', [1, 0, 1, 0, 0, 0, 0], [0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0], [2, 1, 0x44, 0], [0x3b]),
  pdf: bytes(
    '%PDF-1.7\n',
    '1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n',
    '2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n',
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 100]>>endobj\n',
    'trailer<</Root 1 0 R>>\n%%EOF\n',
  ),
  tiffLittle: tiff(true),
  tiffBig: tiff(false),
  // File header (size 58, pixels at 54), a 40-byte BITMAPINFOHEADER for 1×1 at 24 bits, one padded pixel.
  bmp: bytes(
    'BM',
    u32le(58),
    u32le(0),
    u32le(54),
    u32le(40),
    u32le(1),
    u32le(1),
    u16le(1),
    u16le(24),
    u32le(0),
    u32le(4),
    [...u32le(0), ...u32le(0), ...u32le(0), ...u32le(0)],
    [0xff, 0xff, 0xff, 0],
  ),
  heic: heif('heic', ['mif1', 'heic']),
  heif: heif('mif1', ['mif1', 'heic']),
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

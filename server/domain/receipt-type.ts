/**
 * Receipt file types, recognised from the bytes themselves (never from the name or the declared
 * Content-Type, which the client controls): the magic bytes say which type, and a cheap check of
 * that type's structure confirms it. A file whose declared type or extension names a different
 * receipt type than its bytes is refused as mislabelled.
 */

export type ReceiptKind = 'jpeg' | 'png' | 'gif' | 'pdf' | 'tiff' | 'bmp' | 'heic' | 'heif';

/** The content type stored and served for each kind. */
export const RECEIPT_CONTENT_TYPES: Readonly<Record<ReceiptKind, string>> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  pdf: 'application/pdf',
  tiff: 'image/tiff',
  bmp: 'image/bmp',
  heic: 'image/heic',
  heif: 'image/heif',
};

const HEIC_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis']);
const HEIF_BRANDS = new Set(['mif1', 'msf1', 'heif']);
/** Sizes of the BMP info headers that exist (core, v1 … v5). */
const BMP_DIB_SIZES = new Set([12, 40, 52, 56, 64, 108, 124]);

function startsWith(bytes: Uint8Array, sig: readonly number[], at = 0): boolean {
  if (bytes.length < at + sig.length) return false;
  return sig.every((b, i) => bytes[at + i] === b);
}

function ascii(bytes: Uint8Array, from: number, to: number): string {
  return String.fromCharCode(...bytes.subarray(from, to));
}

/** The kind of receipt these bytes are, or undefined when they are none of the supported types. */
export function sniffReceiptKind(bytes: Uint8Array): ReceiptKind | undefined {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (bytes.length >= 6 && (ascii(bytes, 0, 6) === 'GIF87a' || ascii(bytes, 0, 6) === 'GIF89a')) return 'gif';
  if (bytes.length >= 5 && ascii(bytes, 0, 5) === '%PDF-') return 'pdf';
  // TIFF comes in both byte orders: "II*\0" (little-endian) and "MM\0*" (big-endian).
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a]))
    return 'tiff';
  // "BM" alone is too weak (plain text can start with it): also require a known info-header size.
  if (startsWith(bytes, [0x42, 0x4d]) && bytes.length >= 18) {
    const dib =
      (bytes[14] ?? 0) | ((bytes[15] ?? 0) << 8) | ((bytes[16] ?? 0) << 16) | ((bytes[17] ?? 0) << 24);
    if (BMP_DIB_SIZES.has(dib)) return 'bmp';
  }
  // HEIC/HEIF are ISO-BMFF files: a box "ftyp" at offset 4 whose major brand names the format.
  if (bytes.length >= 12 && ascii(bytes, 4, 8) === 'ftyp') {
    const brand = ascii(bytes, 8, 12);
    if (HEIC_BRANDS.has(brand)) return 'heic';
    if (HEIF_BRANDS.has(brand)) return 'heif';
  }
  return undefined;
}

/** Reads an unsigned integer of `size` bytes at `at`, or undefined past the end of the bytes. */
function uint(bytes: Uint8Array, at: number, size: 2 | 4, littleEndian: boolean): number | undefined {
  if (at < 0 || at + size > bytes.length) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset + at, size);
  return size === 2 ? view.getUint16(0, littleEndian) : view.getUint32(0, littleEndian);
}

const PNG_BIT_DEPTHS = new Set([1, 2, 4, 8, 16]);
const PNG_COLOUR_TYPES = new Set([0, 2, 3, 4, 6]);

/** PNG: the IHDR chunk comes right after the signature, 13 bytes long, with a sane header. */
function pngIsWellFormed(bytes: Uint8Array): boolean {
  // Signature 8 + length 4 + "IHDR" 4 + data 13 + CRC 4.
  if (bytes.length < 33 || uint(bytes, 8, 4, false) !== 13 || ascii(bytes, 12, 16) !== 'IHDR') return false;
  const width = uint(bytes, 16, 4, false) ?? 0;
  const height = uint(bytes, 20, 4, false) ?? 0;
  return (
    width > 0 && height > 0 && PNG_BIT_DEPTHS.has(bytes[24] ?? -1) && PNG_COLOUR_TYPES.has(bytes[25] ?? -1)
  );
}

/** Markers a JPEG may open with after SOI: SOFn, DHT, DAC, DQT, DRI, APPn, COM (not SOS, RSTn, EOI). */
function isOpeningJpegMarker(m: number): boolean {
  return (
    (m >= 0xc0 && m <= 0xcf && m !== 0xc8) ||
    m === 0xdb ||
    m === 0xdd ||
    (m >= 0xe0 && m <= 0xef) ||
    m === 0xfe
  );
}

/** JPEG: SOI, then (after at most a few 0xFF fill bytes) a marker segment whose length fits the file. */
function jpegIsWellFormed(bytes: Uint8Array): boolean {
  let at = 2;
  while (bytes[at] === 0xff && bytes[at + 1] === 0xff && at < 16) at++;
  if (bytes[at] !== 0xff || !isOpeningJpegMarker(bytes[at + 1] ?? -1)) return false;
  const length = uint(bytes, at + 2, 2, false);
  // The length counts its own two bytes, not the marker's.
  return length !== undefined && length >= 2 && at + 2 + length <= bytes.length;
}

/** GIF: the 7-byte logical screen descriptor and its colour table, then a block (image, extension, trailer). */
function gifIsWellFormed(bytes: Uint8Array): boolean {
  const packed = bytes[10];
  if (packed === undefined) return false;
  const colourTable = packed & 0x80 ? 3 * 2 ** ((packed & 0x07) + 1) : 0;
  const next = bytes[13 + colourTable];
  return next === 0x2c || next === 0x21 || next === 0x3b;
}

/** How far from its end a PDF's "%%EOF" may lie (writers leave a few bytes of whitespace or junk). */
const PDF_EOF_WINDOW = 1024;
const PDF_EOF = [0x25, 0x25, 0x45, 0x4f, 0x46]; // "%%EOF"

/** PDF: "%%EOF" in the last kilobyte, so a file that only starts like a PDF is refused. */
function pdfIsWellFormed(bytes: Uint8Array): boolean {
  const from = Math.max(0, bytes.length - PDF_EOF_WINDOW);
  for (let at = bytes.length - PDF_EOF.length; at >= from; at--) {
    if (startsWith(bytes, PDF_EOF, at)) return true;
  }
  return false;
}

/** TIFF: the first image file directory lies inside the file, with at least one entry. */
function tiffIsWellFormed(bytes: Uint8Array): boolean {
  const little = bytes[0] === 0x49;
  const ifd = uint(bytes, 4, 4, little);
  if (ifd === undefined || ifd < 8) return false;
  const entries = uint(bytes, ifd, 2, little);
  // 12 bytes per entry; the next-directory pointer after them is left out by some minimal writers.
  return entries !== undefined && entries > 0 && ifd + 2 + 12 * entries <= bytes.length;
}

/** BMP: the declared file size covers both headers and is not beyond the bytes; pixels start inside it. */
function bmpIsWellFormed(bytes: Uint8Array): boolean {
  const size = uint(bytes, 2, 4, true);
  const pixels = uint(bytes, 10, 4, true);
  const dib = uint(bytes, 14, 4, true);
  if (size === undefined || pixels === undefined || dib === undefined) return false;
  const headers = 14 + dib;
  return size >= headers && size <= bytes.length && pixels >= headers && pixels < size;
}

/** HEIC/HEIF: an ftyp box of a sane size (brands in whole words) followed by another box header. */
function heifIsWellFormed(bytes: Uint8Array): boolean {
  const ftyp = uint(bytes, 0, 4, false);
  if (ftyp === undefined || ftyp < 16 || (ftyp - 16) % 4 !== 0 || ftyp + 8 > bytes.length) return false;
  const next = uint(bytes, ftyp, 4, false) ?? 0;
  // A box's size is 0 (to the end of the file), 1 (a 64-bit size follows) or at least its 8-byte header.
  return (next === 0 || next === 1 || next >= 8) && /^[a-z0-9 ]{4}$/i.test(ascii(bytes, ftyp + 4, ftyp + 8));
}

const STRUCTURE_CHECKS: Readonly<Record<ReceiptKind, (bytes: Uint8Array) => boolean>> = {
  jpeg: jpegIsWellFormed,
  png: pngIsWellFormed,
  gif: gifIsWellFormed,
  pdf: pdfIsWellFormed,
  tiff: tiffIsWellFormed,
  bmp: bmpIsWellFormed,
  heic: heifIsWellFormed,
  heif: heifIsWellFormed,
};

/**
 * Whether bytes sniffed as `kind` also have that format's basic structure, so that a file that
 * merely starts with the right magic bytes is refused: PNG's IHDR chunk, JPEG's first marker
 * segment, GIF's screen descriptor, PDF's "%%EOF", TIFF's first directory, BMP's sizes, HEIF's ftyp
 * box. Cheap: it reads only fixed slices at the start (and the last kilobyte of a PDF), never the
 * whole file, and it does not decode anything.
 * @example hasReceiptStructure('png', pngSignatureThenJunk) // false
 */
export function hasReceiptStructure(kind: ReceiptKind, bytes: Uint8Array): boolean {
  return STRUCTURE_CHECKS[kind](bytes);
}

/** Declared Content-Types that carry no claim about the format. */
const GENERIC_TYPES = new Set(['', 'application/octet-stream', 'binary/octet-stream', 'application/unknown']);

const DECLARED_TYPES: Readonly<Record<string, ReceiptKind>> = {
  'image/jpeg': 'jpeg',
  'image/jpg': 'jpeg',
  'image/pjpeg': 'jpeg',
  'image/png': 'png',
  'image/gif': 'gif',
  'application/pdf': 'pdf',
  'image/tiff': 'tiff',
  'image/tif': 'tiff',
  'image/bmp': 'bmp',
  'image/x-bmp': 'bmp',
  'image/x-ms-bmp': 'bmp',
  'image/heic': 'heic',
  'image/heic-sequence': 'heic',
  'image/heif': 'heif',
  'image/heif-sequence': 'heif',
};

const EXTENSIONS: Readonly<Record<string, ReceiptKind>> = {
  jpg: 'jpeg',
  jpeg: 'jpeg',
  jpe: 'jpeg',
  jfif: 'jpeg',
  png: 'png',
  gif: 'gif',
  pdf: 'pdf',
  tif: 'tiff',
  tiff: 'tiff',
  bmp: 'bmp',
  dib: 'bmp',
  heic: 'heic',
  heif: 'heif',
  hif: 'heif',
};

/** HEIC is a HEIF flavour: a .heif name on HEIC bytes (or the reverse) is not a mislabel. */
function family(kind: ReceiptKind): string {
  return kind === 'heic' ? 'heif' : kind;
}

export type ReceiptTypeResult =
  | { ok: true; kind: ReceiptKind; contentType: string }
  | { ok: false; reason: 'UNSUPPORTED_FILE_TYPE' | 'RECEIPT_MISLABELLED' };

/**
 * Decides the stored type of an upload from its bytes, checking the client's declared type and the
 * file name's extension against it.
 * @example classifyReceipt(pngBytes, 'image/jpeg', 'a.jpg') // { ok: false, reason: 'RECEIPT_MISLABELLED' }
 */
export function classifyReceipt(
  bytes: Uint8Array,
  declaredType: string,
  fileName: string,
): ReceiptTypeResult {
  const kind = sniffReceiptKind(bytes);
  // Right magic bytes, wrong body: not a file of that type, whatever its label says.
  if (!kind || !hasReceiptStructure(kind, bytes)) return { ok: false, reason: 'UNSUPPORTED_FILE_TYPE' };
  const declared = (declaredType.split(';')[0] ?? '').trim().toLowerCase();
  if (!GENERIC_TYPES.has(declared)) {
    const claimed = DECLARED_TYPES[declared];
    if (!claimed || family(claimed) !== family(kind)) return { ok: false, reason: 'RECEIPT_MISLABELLED' };
  }
  const dot = fileName.lastIndexOf('.');
  const ext = dot >= 0 ? fileName.slice(dot + 1).toLowerCase() : '';
  const byName = EXTENSIONS[ext];
  if (byName && family(byName) !== family(kind)) return { ok: false, reason: 'RECEIPT_MISLABELLED' };
  return { ok: true, kind, contentType: RECEIPT_CONTENT_TYPES[kind] };
}

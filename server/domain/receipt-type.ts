/**
 * Receipt file types, recognised from the bytes themselves (never from the name or the declared
 * Content-Type, which the client controls). A file whose declared type or extension names a
 * different receipt type than its bytes is refused as mislabelled.
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
  if (!kind) return { ok: false, reason: 'UNSUPPORTED_FILE_TYPE' };
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

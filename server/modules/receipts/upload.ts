/**
 * Reads the one file of a receipt upload (multipart field "receipt") into memory, turning the
 * multipart plugin's failures into our errors: too large → 413, no file → 400.
 */
import type { FastifyRequest } from 'fastify';
import { appError, isAppError } from '../../errors.js';

export interface ReceiptUpload {
  bytes: Uint8Array;
  declaredType: string;
  fileName: string;
}

/** A file name safe to store and echo: no path, no control characters, at most 200 characters. */
export function cleanFileName(name: string | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .replace(/[\x00-\x1f\x7f"]/g, '')
    .trim()
    .slice(0, 200);
  return cleaned || 'receipt';
}

export async function readReceiptUpload(request: FastifyRequest): Promise<ReceiptUpload> {
  if (!request.isMultipart()) {
    throw appError('INVALID_HEADER', 'Send the receipt as multipart/form-data in the field "receipt"');
  }
  try {
    const part = await request.file(); // limits (7 MB, one file) are set where multipart is registered;
    if (!part) throw appError('MISSING_FILE');
    if (part.fieldname !== 'receipt') {
      part.file.resume();
      throw appError('MISSING_FILE', `The file must be sent in the field "receipt", not "${part.fieldname}"`);
    }
    const bytes = await part.toBuffer();
    if (part.file.truncated) throw appError('FILE_TOO_LARGE');
    if (bytes.byteLength === 0) throw appError('MISSING_FILE', 'The file in the field "receipt" is empty');
    return { bytes, declaredType: part.mimetype ?? '', fileName: cleanFileName(part.filename) };
  } catch (e) {
    if (isAppError(e)) throw e;
    const code = (e as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw appError('FILE_TOO_LARGE');
    if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') {
      throw appError('INVALID_INPUT', 'Send one file per request');
    }
    if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE' || code === 'FST_MULTIPART_INVALID_CONTENT_TYPE') {
      throw appError('INVALID_HEADER', 'Send the receipt as multipart/form-data in the field "receipt"');
    }
    // A malformed multipart body (cut short, bad boundary) is the client's fault, not ours.
    if (e instanceof Error && /multipart|boundary|Unexpected end/i.test(e.message)) {
      throw appError('INVALID_INPUT', 'The multipart body is malformed');
    }
    throw e;
  }
}

/** Content-Disposition for a download: ASCII fallback plus the exact UTF-8 name (RFC 6266). */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

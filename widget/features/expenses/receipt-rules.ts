/** Receipts per expense, as Zoho Expense allows. */
export const MAX_RECEIPTS = 5;
/** Largest receipt the server accepts (7 MB). */
export const MAX_RECEIPT_BYTES = 7 * 1024 * 1024;
/** Types the server accepts; it sniffs the bytes too, this only catches obvious mistakes early. */
export const RECEIPT_ACCEPT = '.jpg,.jpeg,.png,.gif,.pdf,.tif,.tiff,.bmp,.heic,image/*,application/pdf';

const EXTENSIONS = /\.(jpe?g|png|gif|pdf|tiff?|bmp|heic)$/i;

/** Returns why a file cannot be a receipt, or null when it can. */
export function checkReceiptFile(file: File): string | null {
  if (!EXTENSIONS.test(file.name)) {
    return `${file.name} is not a supported receipt (jpg, png, gif, pdf, tiff, bmp, heic).`;
  }
  if (file.size > MAX_RECEIPT_BYTES) return `${file.name} is larger than 7 MB.`;
  return null;
}

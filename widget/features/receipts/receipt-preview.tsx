import type { InboxReceipt } from './model.js';

export interface ReceiptPreviewProps {
  receipt: InboxReceipt;
  url: string | null;
}

/** The receipt beside the form: an image, a PDF frame, or its name when it cannot be shown. */
export function ReceiptPreview({ receipt, url }: ReceiptPreviewProps) {
  if (!url) {
    return (
      <figure class="ds-empty">
        <figcaption>{receipt.file_name}</figcaption>
        <p>Preview is loading or not available for this file.</p>
      </figure>
    );
  }
  return (
    <figure>
      {receipt.content_type.startsWith('image/') ? (
        <img class="ds-preview" src={url} alt={`Receipt ${receipt.file_name}`} />
      ) : (
        <iframe class="ds-preview" src={url} title={`Receipt ${receipt.file_name}`} />
      )}
      <figcaption>
        {receipt.file_name}{' '}
        <a href={url} download={receipt.file_name}>
          Download
        </a>
      </figcaption>
    </figure>
  );
}

import { useId, useState } from 'preact/hooks';
import { Button } from '../../ui/button.js';
import { RECEIPT_ACCEPT } from './receipt-rules.js';

export interface ReceiptDropProps {
  label: string;
  /** Files waiting to upload, with a way to take one back. */
  files: readonly File[];
  onFiles: (files: File[]) => void;
  onRemove?: (index: number) => void;
  error?: string | undefined;
  hint?: string;
}

/** Upload or drag and drop receipts; the file input keeps it usable by keyboard and screen reader. */
export function ReceiptDrop({ label, files, onFiles, onRemove, error, hint }: ReceiptDropProps) {
  const id = useId();
  const [over, setOver] = useState(false);
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: dropping is a pointer extra; the file input is the keyboard path.
    <div
      class={`ds-dropzone${over ? ' ds-dropzone--over' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        onFiles(Array.from(e.dataTransfer?.files ?? []));
      }}
    >
      <label for={id} class="ds-field__label">
        {label}
      </label>
      <input
        id={id}
        type="file"
        multiple
        accept={RECEIPT_ACCEPT}
        aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
        onChange={(e) => {
          const input = e.currentTarget;
          onFiles(Array.from(input.files ?? []));
          input.value = '';
        }}
      />
      <p id={`${id}-hint`} class="ds-field__hint">
        {hint ?? 'Or drag and drop files here. jpg, png, gif, pdf, tiff, bmp or heic, up to 7 MB each.'}
      </p>
      {files.length > 0 ? (
        <ul class="ds-file-list" aria-label="Receipts to upload">
          {files.map((f, i) => (
            <li key={`${f.name}-${i}`}>
              <span>{f.name}</span>
              {onRemove ? (
                <Button variant="link" onClick={() => onRemove(i)} aria-label={`Remove ${f.name}`}>
                  Remove
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {error ? (
        <p id={`${id}-error`} class="ds-field__error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/**
 * The receipts inbox: receipts uploaded (or dropped) but not yet turned into expenses. "View" lists
 * them; "Add Manually" opens the expense form beside one; "Save and Next" moves to the next.
 */
import { action, computed, createModel, effect, signal } from '@preact/signals';
import { readAllPages } from '../../api/all-pages.js';
import type { ApiClient } from '../../api/client.js';
import { describeError } from '../expenses/describe-error.js';
import { checkReceiptFile } from '../expenses/receipt-rules.js';
import { inboxReceiptPath, loadReceiptBlob } from './receipt-file.js';

export interface InboxReceipt {
  receipt_id: string;
  file_name: string;
  content_type: string;
  size: number;
  uploaded_time: string;
  duplicate_of?: string[];
}

export const ReceiptsModel = createModel((api: ApiClient) => {
  const receipts = signal<InboxReceipt[]>([], { name: 'receipts.items' });
  const loading = signal(true, { name: 'receipts.loading' });
  const error = signal<string | null>(null, { name: 'receipts.error' });
  const uploading = signal(false, { name: 'receipts.uploading' });
  const uploadErrors = signal<string[]>([], { name: 'receipts.uploadErrors' });
  /** The receipt open beside the form ("Add Manually"), or null for the list. */
  const currentId = signal<string | null>(null, { name: 'receipts.currentId' });
  const current = computed(() => receipts.value.find((r) => r.receipt_id === currentId.value) ?? null);

  /** Object URL of the open receipt's file; null while loading or when it cannot be shown. */
  const previewUrl = signal<string | null>(null, { name: 'receipts.previewUrl' });

  effect(() => {
    const id = currentId.value;
    if (!id) return;
    let live = true;
    let url: string | null = null;
    loadReceiptBlob(api, inboxReceiptPath(id)).then(
      (blob) => {
        if (!live || !blob) return;
        url = URL.createObjectURL(blob);
        previewUrl.value = url;
      },
      () => undefined,
    );
    return () => {
      live = false;
      previewUrl.value = null;
      if (url) URL.revokeObjectURL(url);
    };
  });

  const load = action(async () => {
    loading.value = true;
    error.value = null;
    try {
      receipts.value = await readAllPages<InboxReceipt>(api, '/api/v1/receipts', 'receipts');
    } catch (e) {
      error.value = describeError(e);
    } finally {
      loading.value = false;
    }
  });

  return {
    receipts,
    loading,
    error,
    uploading,
    uploadErrors,
    currentId,
    current,
    previewUrl,
    load,
    /** Uploads each file to the inbox; a refused file is named with its reason, the rest still go. */
    upload: action(async (files: File[]) => {
      uploading.value = true;
      const problems: string[] = [];
      const added: InboxReceipt[] = [];
      for (const file of files) {
        const bad = checkReceiptFile(file);
        if (bad) {
          problems.push(bad);
          continue;
        }
        try {
          const res = await api.upload<{ receipt: InboxReceipt }>('/api/v1/receipts', file, file.name);
          added.push(res.receipt);
        } catch (e) {
          problems.push(`${file.name}: ${describeError(e)}`);
        }
      }
      receipts.value = [...receipts.value, ...added];
      uploadErrors.value = problems;
      uploading.value = false;
    }),
    addManually: action((id: string) => {
      currentId.value = id;
    }),
    close: action(() => {
      currentId.value = null;
    }),
    /**
     * After a conversion the receipt leaves the inbox. "Save and Next" opens `nextId` (the server's
     * next waiting receipt, else the next in this list); "Save and Close" goes back to the list.
     */
    converted: action((id: string, goNext: boolean, nextId: string | null) => {
      const at = receipts.value.findIndex((r) => r.receipt_id === id);
      receipts.value = receipts.value.filter((r) => r.receipt_id !== id);
      const fallback = receipts.value[Math.max(0, at)]?.receipt_id ?? receipts.value[0]?.receipt_id ?? null;
      currentId.value = goNext ? (nextId ?? fallback) : null;
    }),
    remove: action(async (id: string): Promise<string | null> => {
      try {
        await api.del(`/api/v1/receipts/${id}`);
        receipts.value = receipts.value.filter((r) => r.receipt_id !== id);
        if (currentId.value === id) currentId.value = null;
        return null;
      } catch (e) {
        return describeError(e);
      }
    }),
  };
});

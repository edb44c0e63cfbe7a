import { Button } from '../../ui/button.js';
import { EmptyState } from '../../ui/empty-state.js';
import { type Column, Table } from '../../ui/table.js';
import type { InboxReceipt } from './model.js';

export interface ReceiptInboxListProps {
  receipts: readonly InboxReceipt[];
  onAddManually: (id: string) => void;
  onDelete: (receipt: InboxReceipt) => void;
}

function size(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return bytes >= 1024 ? `${Math.round(bytes / 1024)} KB` : `${bytes} bytes`;
}

/** The receipts not yet converted into expenses, each with "Add Manually". */
export function ReceiptInboxList({ receipts, onAddManually, onDelete }: ReceiptInboxListProps) {
  if (receipts.length === 0)
    return <EmptyState title="No receipts waiting. Upload or drop receipts above." />;
  const columns: Column<InboxReceipt>[] = [
    { key: 'name', header: 'Receipt', render: (r) => r.file_name },
    { key: 'uploaded', header: 'Uploaded', render: (r) => r.uploaded_time.slice(0, 10) },
    { key: 'size', header: 'Size', align: 'end', render: (r) => size(r.size) },
    {
      key: 'dup',
      header: 'Note',
      render: (r) => (r.duplicate_of?.length ? 'Already attached to another expense' : ''),
    },
    {
      key: 'actions',
      header: 'Actions',
      render: (r) => (
        <>
          <Button
            variant="primary"
            aria-label={`Add Manually: ${r.file_name}`}
            onClick={() => onAddManually(r.receipt_id)}
          >
            Add Manually
          </Button>{' '}
          <Button variant="link" aria-label={`Delete ${r.file_name}`} onClick={() => onDelete(r)}>
            Delete
          </Button>
        </>
      ),
    },
  ];
  return (
    <Table
      caption="Receipts not yet converted"
      rows={receipts}
      columns={columns}
      rowKey={(r) => r.receipt_id}
    />
  );
}

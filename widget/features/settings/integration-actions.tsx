import { useState } from 'preact/hooks';
import { Button } from '../../ui/button.js';
import { ConfirmDialog } from '../expenses/confirm-dialog.js';
import { DeleteDialog } from './delete-dialog.js';
import { HistoryDialog } from './history-dialog.js';
import type { SettingsModelType } from './model.js';
import { type Integration, MODULE_LABELS } from './types.js';

/** What both cards share: per-module status, Instant Sync, history, Disable / Enable, Delete. */
export function IntegrationActions({
  model,
  integration,
}: {
  model: SettingsModelType;
  integration: Integration;
}) {
  const [open, setOpen] = useState<null | 'history' | 'disable' | 'delete'>(null);
  const system = integration.system;
  const enabled = integration.modules.filter((m) => m.enabled);
  return (
    <>
      <ul class="ds-list" aria-label={`${integration.name} modules`}>
        {enabled.map((m) => (
          <li key={m.module}>
            {MODULE_LABELS[m.module] ?? m.module}:{' '}
            {m.state === 'idle' ? (m.last_status ?? 'not synced yet') : m.state}
            {m.last_sync_time ? `, last sync ${new Date(m.last_sync_time).toLocaleString()}` : ''}
          </li>
        ))}
      </ul>
      {integration.status === 'connected' && integration.next_sync_time && enabled.length > 0 ? (
        <p class="ds-field__hint">
          Next automatic sync: {new Date(integration.next_sync_time).toLocaleString()} (every 24 hours)
        </p>
      ) : null}
      <div class="ds-toolbar">
        {integration.status === 'connected' ? (
          <Button variant="primary" disabled={enabled.length === 0} onClick={() => void model.sync(system)}>
            Instant Sync
          </Button>
        ) : null}
        <Button onClick={() => setOpen('history')}>
          {system === 'crm' ? 'Check Status' : 'Show Sync History'}
        </Button>
        {integration.status === 'connected' ? (
          <Button onClick={() => setOpen('disable')}>Disable Integration</Button>
        ) : (
          <>
            <Button onClick={() => void model.enable(system)}>Enable Integration</Button>
            <Button variant="danger" onClick={() => setOpen('delete')}>
              Delete Integration
            </Button>
          </>
        )}
      </div>
      {open === 'history' ? (
        <HistoryDialog model={model} system={system} onClose={() => setOpen(null)} />
      ) : null}
      {open === 'disable' ? (
        <ConfirmDialog
          title="Disable Integration"
          confirmLabel="Confirm"
          onConfirm={() => model.disable(system)}
          onClose={() => setOpen(null)}
        >
          <p>No further data will sync between {integration.name} and DealSpend.</p>
        </ConfirmDialog>
      ) : null}
      {open === 'delete' ? (
        <DeleteDialog model={model} system={system} name={integration.name} onClose={() => setOpen(null)} />
      ) : null}
    </>
  );
}

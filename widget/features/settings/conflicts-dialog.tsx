import { useEffect, useState } from 'preact/hooks';
import { Button } from '../../ui/button.js';
import { Dialog } from '../../ui/dialog.js';
import { describeError } from '../expenses/describe-error.js';
import type { SettingsModelType } from './model.js';
import type { Conflict } from './types.js';

/** Fields changed both in DealSpend and in Zoho CRM since the last sync: the admin keeps one value. */
export function ConflictsDialog({ model, onClose }: { model: SettingsModelType; onClose: () => void }) {
  const [list, setList] = useState<Conflict[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = () => model.conflicts().then(setList, (e) => setError(describeError(e)));
  useEffect(() => {
    void reload();
  }, [model]);
  async function keep(id: string, side: 'local' | 'remote') {
    await model.resolve(id, side);
    await reload();
  }
  return (
    <Dialog title="Sync conflicts" onClose={onClose} wide>
      {error ? <p role="alert">{error}</p> : null}
      {list?.length === 0 ? <p>There are no conflicts.</p> : null}
      <ul class="ds-list">
        {(list ?? []).map((c) => (
          <li key={c.conflict_id}>
            <strong>{c.contact_name ?? 'Customer'}</strong>, {c.field}: DealSpend “{c.local_value ?? ''}”,
            Zoho CRM “{c.remote_value ?? ''}”{' '}
            <Button onClick={() => void keep(c.conflict_id, 'local')}>Keep DealSpend value</Button>{' '}
            <Button onClick={() => void keep(c.conflict_id, 'remote')}>Keep Zoho CRM value</Button>
          </li>
        ))}
      </ul>
    </Dialog>
  );
}

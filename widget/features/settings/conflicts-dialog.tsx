import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { Dialog } from '../../ui/dialog.js';
import { EmptyState } from '../../ui/empty-state.js';
import { ErrorState } from '../../ui/error-state.js';
import { Spinner } from '../../ui/spinner.js';
import { describeError } from '../expenses/describe-error.js';
import { ConflictRow, type KeptSide, SIDE_NAMES } from './conflict-row.js';
import type { SettingsModelType } from './model.js';
import type { Conflict } from './types.js';

/**
 * Fields changed both in DealSpend and in Zoho CRM since the last sync: the admin keeps one value
 * of each. Resolving one says what it is doing, then what it did or why it could not, and moves
 * focus to the conflict that took its place (or to the dialog once none is left), so a keyboard
 * user keeps their place and Escape still closes.
 */
export function ConflictsDialog({ model, onClose }: { model: SettingsModelType; onClose: () => void }) {
  const idPrefix = useId();
  const bodyRef = useRef<HTMLDivElement>(null);
  /**
   * The row to focus once the list renders (its first button; the dialog's body when none is
   * left): the first on open, unless the admin has moved focus meanwhile; after a resolve, the one
   * that took the resolved conflict's place.
   */
  const focusRow = useRef<{ index: number; unlessMoved: boolean } | null>({ index: 0, unlessMoved: true });
  const [list, setList] = useState<Conflict[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [keeping, setKeeping] = useState<{ id: string; side: KeptSide } | null>(null);
  const [status, setStatus] = useState('');
  const [error, setError] = useState<string | null>(null);

  async function reload(): Promise<void> {
    try {
      setList(await model.conflicts());
      setLoadError(null);
    } catch (e) {
      setLoadError(describeError(e));
    }
  }
  useEffect(() => {
    void reload();
  }, [model]);

  useEffect(() => {
    const target = focusRow.current;
    const body = bodyRef.current;
    if (!target || !body || list === null || keeping) return;
    focusRow.current = null;
    const active = document.activeElement;
    const moved = active && active !== document.body && active !== body.closest('[role="dialog"]');
    if (target.unlessMoved && moved) return;
    const rows = body.querySelectorAll<HTMLElement>('.ds-conflict');
    const row = rows[Math.min(target.index, rows.length - 1)];
    (row?.querySelector<HTMLElement>('button') ?? body).focus();
  }, [list, keeping]);

  async function keep(c: Conflict, index: number, side: KeptSide) {
    const what = `the ${SIDE_NAMES[side]} value of ${c.field_label} for ${c.contact_name ?? 'the customer'}`;
    setKeeping({ id: c.conflict_id, side });
    setError(null);
    setStatus(`Keeping ${what}…`);
    const result = await model.resolve(c.conflict_id, side);
    if (result.ok) setStatus(`Kept ${what}.`);
    else if (result.queued) setStatus(result.reason);
    else {
      setStatus('');
      setError(`Could not keep ${what}. ${result.reason}`);
    }
    // A conflict resolved elsewhere meanwhile leaves the list too.
    await reload();
    focusRow.current = { index, unlessMoved: false };
    setKeeping(null);
  }

  let content: ComponentChildren;
  if (list === null) {
    content = loadError ? (
      <ErrorState message={loadError} onRetry={() => void reload()} />
    ) : (
      <Spinner label="Loading conflicts…" />
    );
  } else if (list.length === 0) {
    content = (
      <EmptyState title="There are no conflicts to resolve.">
        <p>
          When a customer field changes both in DealSpend and in Zoho CRM between two syncs, it shows here for
          you to choose which value to keep.
        </p>
      </EmptyState>
    );
  } else {
    content = (
      <ul class="ds-conflicts">
        {list.map((c, i) => (
          <ConflictRow
            key={c.conflict_id}
            conflict={c}
            idPrefix={idPrefix}
            keeping={keeping?.id === c.conflict_id ? keeping.side : null}
            waiting={keeping !== null}
            onKeep={(side) => void keep(c, i, side)}
          />
        ))}
      </ul>
    );
  }
  return (
    <Dialog title="Sync conflicts" onClose={onClose} wide>
      <div ref={bodyRef} tabIndex={-1} class="ds-conflicts__body">
        <p role="status" class="ds-conflicts__status">
          {status}
        </p>
        {error ? <p role="alert">{error}</p> : null}
        {list !== null && loadError ? <p role="alert">{loadError}</p> : null}
        {content}
      </div>
    </Dialog>
  );
}

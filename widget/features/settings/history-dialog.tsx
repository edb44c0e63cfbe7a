import { useEffect, useState } from 'preact/hooks';
import { Button } from '../../ui/button.js';
import { Dialog } from '../../ui/dialog.js';
import { describeError } from '../expenses/describe-error.js';
import type { SettingsModelType } from './model.js';
import { MODULE_LABELS, type SyncRun, type SystemName } from './types.js';

/** Check Status / Show Sync History: runs newest first, with counts and the records that failed. */
export function HistoryDialog({
  model,
  system,
  onClose,
}: {
  model: SettingsModelType;
  system: SystemName;
  onClose: () => void;
}) {
  const [runs, setRuns] = useState<SyncRun[] | null>(null);
  const [page, setPage] = useState(1);
  const [more, setMore] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    model.history(system).then(
      (r) => {
        setRuns(r.runs);
        setMore(r.more);
      },
      (e) => setError(describeError(e)),
    );
  }, [model, system]);
  async function older() {
    setBusy(true);
    try {
      const r = await model.history(system, page + 1);
      // A run that began meanwhile moves the pages along by one: keep each run once.
      setRuns((have) => {
        const seen = new Set((have ?? []).map((x) => x.run_id));
        return [...(have ?? []), ...r.runs.filter((x) => !seen.has(x.run_id))];
      });
      setMore(r.more);
      setPage(page + 1);
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Dialog title="Sync history" onClose={onClose} wide>
      {error ? <p role="alert">{error}</p> : null}
      {runs === null && !error ? <p>Loading…</p> : null}
      {runs?.length === 0 ? <p>No sync has run yet.</p> : null}
      {runs && runs.length > 0 ? (
        <table class="ds-table">
          <caption class="ds-visually-hidden">Sync runs, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Module</th>
              <th scope="col">Trigger</th>
              <th scope="col">Started</th>
              <th scope="col">Status</th>
              <th scope="col">Fetched</th>
              <th scope="col">Created</th>
              <th scope="col">Updated</th>
              <th scope="col">Skipped</th>
              <th scope="col">Duplicates</th>
              <th scope="col">Conflicts</th>
              <th scope="col">Failed</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => (
              <tr key={r.run_id}>
                <td>{MODULE_LABELS[r.module] ?? r.module}</td>
                <td>{r.trigger}</td>
                <td>{new Date(r.started_time).toLocaleString()}</td>
                <td>
                  {r.status}
                  {r.message ? <div class="ds-field__hint">{r.message}</div> : null}
                  {r.failures.length > 0 ? (
                    <ul>
                      {r.failures.slice(0, 10).map((f) => (
                        <li key={f.external_id}>
                          {f.external_id}: {f.reason}
                        </li>
                      ))}
                    </ul>
                  ) : null}
                </td>
                <td>{r.fetched}</td>
                <td>{r.created}</td>
                <td>{r.updated}</td>
                <td>{r.skipped}</td>
                <td>{r.duplicates}</td>
                <td>{r.conflicts}</td>
                <td>{r.failed}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {more ? (
        <Button busy={busy} onClick={() => void older()}>
          Show older runs
        </Button>
      ) : null}
    </Dialog>
  );
}

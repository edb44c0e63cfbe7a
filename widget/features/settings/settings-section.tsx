import type { ComponentChildren } from 'preact';
import { ErrorState } from '../../ui/error-state.js';
import { Spinner } from '../../ui/spinner.js';

/**
 * One Settings section: its heading, the last change's notice, a spinner while it loads, a Try
 * again when nothing could be read, and otherwise its card, with any refusal at the top of it.
 * Dialogs go in `after`, outside the card.
 */
export function SettingsSection({
  id,
  title,
  notice,
  loading,
  error,
  nothingRead,
  onRetry,
  children,
  after,
}: {
  id: string;
  title: string;
  notice: string | null;
  loading: boolean;
  error: string | null;
  /** True when the first read failed, so there is nothing to show but the error. */
  nothingRead: boolean;
  onRetry: () => void;
  children: ComponentChildren;
  after?: ComponentChildren;
}) {
  return (
    <section class="ds-settings" aria-labelledby={id}>
      <h2 id={id} tabIndex={-1}>
        {title}
      </h2>
      {notice ? (
        <p role="status" class="ds-settings__notice">
          {notice}
        </p>
      ) : null}
      {loading ? (
        <Spinner label={`Loading ${title.toLowerCase()}`} />
      ) : error && nothingRead ? (
        <ErrorState message={error} onRetry={onRetry} />
      ) : (
        <article class="ds-card" aria-labelledby={id}>
          {error ? (
            <p role="alert" class="ds-settings__error">
              {error}
            </p>
          ) : null}
          {children}
        </article>
      )}
      {after}
    </section>
  );
}

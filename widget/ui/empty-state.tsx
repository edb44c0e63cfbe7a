import type { ComponentChildren } from 'preact';

export interface EmptyStateProps {
  title: string;
  children?: ComponentChildren;
}

/** What a list shows when there is nothing in it, with an optional action. */
export function EmptyState({ title, children }: EmptyStateProps) {
  return (
    <div class="ds-empty">
      <p class="ds-empty__title">{title}</p>
      {children}
    </div>
  );
}

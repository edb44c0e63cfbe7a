import type { PageContext } from '../../api/types.js';
import { Button } from '../../ui/button.js';

export interface PagerProps {
  page: number;
  context: PageContext | null;
  onPage: (page: number) => void;
}

/** Previous / Next paging for a list that says whether more pages exist. */
export function Pager({ page, context, onPage }: PagerProps) {
  if (!context || (page === 1 && !context.has_more_page)) return null;
  return (
    <nav class="ds-toolbar" aria-label="Pages">
      <Button disabled={page <= 1} onClick={() => onPage(page - 1)}>
        Previous
      </Button>
      <span aria-live="polite">Page {page}</span>
      <Button disabled={!context.has_more_page} onClick={() => onPage(page + 1)}>
        Next
      </Button>
    </nav>
  );
}

import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';

type Summary = ComponentType<{ dealId: string }>;

// The analytics engineer's summary, if it is there; a glob keeps the build working without it and
// keeps it (and its chart code) out of the panel's first bundle.
const modules = import.meta.glob<{ DealSpendSummary: Summary }>('../analytics/deal-spend-summary.tsx');

/** What the deal cost, above the lists on deal pages; nothing when the summary is not available. */
export function DealSummarySlot({ dealId }: { dealId: string }) {
  const [Summary, setSummary] = useState<Summary | null>(null);
  useEffect(() => {
    const load = modules['../analytics/deal-spend-summary.tsx'];
    if (!load) return;
    load().then(
      (m) => setSummary(() => m.DealSpendSummary),
      () => {},
    );
  }, []);
  return Summary ? <Summary dealId={dealId} /> : null;
}

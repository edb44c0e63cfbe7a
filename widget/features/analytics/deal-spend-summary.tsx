import { useEffect, useState } from 'preact/hooks';
import { useApp } from '../../ui/app-context.js';
import { formatMoney } from '../../ui/format-money.js';
import type { DealSummary } from './types.js';

/**
 * What this deal cost, above the related lists on a deal page: spent, pending, by person and the
 * cost-to-deal ratio. Kept small (no charts): it is loaded lazily into the related-list panel.
 */
export function DealSpendSummary({ dealId }: { dealId: string }) {
  const { api } = useApp();
  const [summary, setSummary] = useState<DealSummary | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    api.get<{ summary: DealSummary }>(`/api/v1/analytics/deals/${encodeURIComponent(dealId)}/summary`).then(
      (r) => live && setSummary(r.summary),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [api, dealId]);
  if (failed || !summary) return null;
  const money = (n: number) => formatMoney(n, summary.currency_code);
  return (
    <section class="ds-deal-summary" aria-label="Deal spend">
      <p>
        Spent <strong>{money(summary.spent)}</strong> · Pending <strong>{money(summary.pending)}</strong>
        {summary.cost_to_deal_ratio !== null ? (
          <>
            {' '}
            · Cost to deal <strong>{(summary.cost_to_deal_ratio * 100).toFixed(2)} %</strong>
          </>
        ) : null}
      </p>
      {summary.by_person.length > 0 ? (
        <ul>
          {summary.by_person.map((p) => (
            <li key={p.user_id}>
              {p.user_name}: {money(p.spent)}
              {p.pending ? ` (+${money(p.pending)} pending)` : ''}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

import { formatMoney } from './format-money.js';

export interface MoneyProps {
  amount: string | number;
  currency: string;
  locale?: string;
}

/** An amount formatted per currency with Intl. */
export function Money({ amount, currency, locale }: MoneyProps) {
  return <span class="ds-money">{formatMoney(amount, currency, locale)}</span>;
}

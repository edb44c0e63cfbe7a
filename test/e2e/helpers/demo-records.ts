import { buildSeed } from '../../../sandbox/data/seed.js';

const zylker = () => buildSeed().crmOrgs[0]!;

/** A deal of the demo rep with an account: what the rep opens in the journeys. */
export function repDeal(email = 'rep@zylker.example') {
  const org = zylker();
  const deal = org.Deals.find(
    (d) =>
      d.Owner.email === email &&
      d.Account_Name &&
      typeof d.Stage === 'string' &&
      !String(d.Stage).startsWith('Closed'),
  );
  if (!deal) throw new Error(`The seed has no open deal of ${email}`);
  const account = deal.Account_Name as { name: string; id: string };
  return { id: deal.id, name: String(deal.Deal_Name), account };
}

/**
 * Links the demo organisation's records (loaded from the sandbox seed by server/demo/load-demo.ts)
 * to their CRM records, so a later Zoho CRM sync of the same organisation recognises them instead
 * of creating them a second time. Matching is by what the loader copies from the seed: users by
 * email, accounts by name (business customers), contacts by email, deals by name (in seed order).
 * Call it inside the loader's transaction, after customers and deals exist.
 */
import type { CrmOrgSeed } from '../../sandbox/data/seed-types.js';
import { normalizeTime } from '../domain/sync-mapping.js';
import { type Db, type LinkWrite, writeLinks } from './links.js';

export async function linkDemoRecords(db: Db, orgId: string, crm: CrmOrgSeed): Promise<number> {
  const link = (external_id: string, local_id: string, modified: unknown): LinkWrite => ({
    external_id,
    local_id,
    external_modified_time: normalizeTime(modified),
    local_modified_time: null,
    field_hashes: {},
  });
  const users = await db
    .selectFrom('users')
    .select(['user_id', 'email'])
    .where('org_id', '=', orgId)
    .execute();
  const byEmail = new Map(users.map((u) => [u.email.toLowerCase(), u.user_id]));
  const userLinks = crm.users.flatMap((u) => {
    const id = byEmail.get(u.email.toLowerCase());
    return id ? [link(u.id, id, u.Modified_Time)] : [];
  });

  const customers = await db
    .selectFrom('contacts')
    .select(['contact_id', 'contact_name', 'customer_sub_type', 'email'])
    .where('org_id', '=', orgId)
    .orderBy('contact_id')
    .execute();
  const accountByName = new Map<string, string>();
  const contactByEmail = new Map<string, string>();
  for (const c of customers) {
    if (c.customer_sub_type === 'business' && !accountByName.has(c.contact_name))
      accountByName.set(c.contact_name, c.contact_id);
    if (c.customer_sub_type === 'individual' && c.email)
      contactByEmail.set(c.email.toLowerCase(), c.contact_id);
  }
  const accountLinks = crm.Accounts.flatMap((a) => {
    const id = accountByName.get(String(a.Account_Name));
    return id ? [link(a.id, id, a.Modified_Time)] : [];
  });
  const contactLinks = crm.Contacts.flatMap((c) => {
    const id = typeof c.Email === 'string' ? contactByEmail.get(c.Email.toLowerCase()) : undefined;
    return id ? [link(c.id, id, c.Modified_Time)] : [];
  });

  const deals = await db
    .selectFrom('deals')
    .select(['deal_id', 'deal_name'])
    .where('org_id', '=', orgId)
    .orderBy('deal_id')
    .execute();
  const dealsByName = new Map<string, string[]>();
  for (const d of deals) dealsByName.set(d.deal_name, [...(dealsByName.get(d.deal_name) ?? []), d.deal_id]);
  const dealLinks = crm.Deals.flatMap((d) => {
    const id = dealsByName.get(String(d.Deal_Name))?.shift();
    return id ? [link(d.id, id, d.Modified_Time)] : [];
  });

  await writeLinks(db, orgId, 'crm', 'users', userLinks);
  await writeLinks(db, orgId, 'crm', 'accounts', accountLinks);
  await writeLinks(db, orgId, 'crm', 'contacts', contactLinks);
  await writeLinks(db, orgId, 'crm', 'deals', dealLinks);
  return userLinks.length + accountLinks.length + contactLinks.length + dealLinks.length;
}

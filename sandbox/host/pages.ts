/**
 * The sandbox's CRM-like pages: a header with the modules and the signed-in user switch, module
 * lists, record pages with a "DealSpend" related-list section hosting the widget in an iframe,
 * and the DealSpend web tab. Plain server-rendered HTML; the only script answers the widget's SDK.
 */
import type { CrmRecord, CrmUser } from '../data/seed-types.js';
import { SWITCHABLE_USERS } from './crm-user.js';
import { escapeHtml as e } from './html.js';

export type PageModule = 'Accounts' | 'Contacts' | 'Deals';

const STYLE = `
body{margin:0;font:14px/1.45 system-ui,sans-serif;color:#1f2933;background:#f3f5f7}
header{display:flex;align-items:center;gap:16px;background:#1b2a3a;color:#fff;padding:0 16px;height:48px}
header a{color:#dce6f2;text-decoration:none;padding:14px 6px}header a[aria-current=page]{color:#fff;border-bottom:2px solid #4aa3ff}
header strong{margin-right:12px}header form{margin-left:auto;display:flex;gap:6px;align-items:center}
main{padding:16px;max-width:1200px;margin:0 auto}section{background:#fff;border:1px solid #d9dee4;border-radius:6px;padding:12px 16px;margin-bottom:16px}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #e5e9ee}
dl{display:grid;grid-template-columns:180px 1fr;gap:4px 12px}dt{color:#5f6b7a}
iframe.dealspend{width:100%;border:0;min-height:120px;display:block}
iframe.dealspend-tab{width:100%;border:0;height:calc(100vh - 48px);display:block;background:#fff}
`;

export function layout(opts: {
  title: string;
  user: CrmUser;
  current: string;
  body: string;
  full?: boolean;
}): string {
  const nav = (href: string, label: string, key: string) =>
    `<a href="${href}"${opts.current === key ? ' aria-current="page"' : ''}>${label}</a>`;
  const options = SWITCHABLE_USERS.map(
    (u) =>
      `<option value="${e(u.email)}"${u.email === opts.user.email ? ' selected' : ''}>${e(u.label)} (${e(u.email)})</option>`,
  ).join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${e(opts.title)} · Zylker CRM</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>${STYLE}</style></head><body>
<header><strong>Zylker CRM</strong><nav>${nav('/crm/tab/Accounts', 'Accounts', 'Accounts')}${nav('/crm/tab/Contacts', 'Contacts', 'Contacts')}${nav('/crm/tab/Deals', 'Deals', 'Deals')}${nav('/crm/tab/WebTab/dealspend', 'DealSpend', 'WebTab')}</nav>
<form method="post" action="/__crm/user"><label for="crm-user">Signed-in CRM user</label>
<select id="crm-user" name="email">${options}</select><button type="submit">Switch user</button></form></header>
${opts.full ? opts.body : `<main>${opts.body}</main>`}</body></html>`;
}

function lookupName(value: unknown): string {
  return value && typeof value === 'object' && 'name' in value
    ? String((value as { name: unknown }).name)
    : '';
}

export function recordTitle(module: PageModule, r: CrmRecord): string {
  if (module === 'Accounts') return String(r.Account_Name ?? r.id);
  if (module === 'Contacts')
    return String(r.Full_Name ?? `${r.First_Name ?? ''} ${r.Last_Name ?? ''}`.trim());
  return String(r.Deal_Name ?? r.id);
}

const COLUMNS: Record<PageModule, Array<[string, (r: CrmRecord) => string]>> = {
  Accounts: [
    ['Industry', (r) => String(r.Industry ?? '')],
    ['Owner', (r) => r.Owner.name],
  ],
  Contacts: [
    ['Email', (r) => String(r.Email ?? '')],
    ['Account', (r) => lookupName(r.Account_Name)],
    ['Owner', (r) => r.Owner.name],
  ],
  Deals: [
    ['Account', (r) => lookupName(r.Account_Name)],
    ['Stage', (r) => String(r.Stage ?? '')],
    ['Amount', (r) => String(r.Amount ?? '')],
    ['Closing date', (r) => String(r.Closing_Date ?? '')],
  ],
};

export function listPage(module: PageModule, records: CrmRecord[], more: boolean): string {
  const cols = COLUMNS[module];
  const rows = records
    .map(
      (r) =>
        `<tr><td><a href="/crm/tab/${module}/${e(r.id)}">${e(recordTitle(module, r))}</a></td>${cols
          .map(([, get]) => `<td>${e(get(r))}</td>`)
          .join('')}</tr>`,
    )
    .join('');
  return `<section><h1>${module}</h1><table><thead><tr><th>Name</th>${cols
    .map(([h]) => `<th>${e(h)}</th>`)
    .join(
      '',
    )}</tr></thead><tbody>${rows}</tbody></table>${more ? '<p>Showing the first 200 records.</p>' : ''}</section>`;
}

const DETAIL_FIELDS: Record<PageModule, string[]> = {
  Accounts: ['Account_Name', 'Industry', 'Phone', 'Website', 'Billing_City', 'Zoho_Expense'],
  Contacts: ['First_Name', 'Last_Name', 'Email', 'Account_Name', 'Zoho_Expense'],
  Deals: ['Deal_Name', 'Account_Name', 'Contact_Name', 'Stage', 'Amount', 'Closing_Date'],
};

/** A record page; its "DealSpend" section embeds the related-list widget with Zoho's PageLoad. */
export function recordPage(module: PageModule, record: CrmRecord, origin: string): string {
  const fields = DETAIL_FIELDS[module]
    .filter((f) => record[f] !== undefined)
    .map((f) => {
      const v = record[f];
      const shown = v && typeof v === 'object' ? lookupName(v) : String(v ?? '');
      return `<dt>${e(f.replace(/_/g, ' '))}</dt><dd>${e(shown)}</dd>`;
    })
    .join('');
  const pageLoad = JSON.stringify({ Entity: module, EntityId: record.id });
  const src = `/widget/related-list.html?serviceOrigin=${encodeURIComponent(origin)}`;
  return `<section><h1>${e(recordTitle(module, record))}</h1><dl>${fields}<dt>Owner</dt><dd>${e(record.Owner.name)}</dd></dl></section>
<section aria-labelledby="dealspend-heading"><h2 id="dealspend-heading">DealSpend</h2>
<iframe id="dealspend-frame" class="dealspend" title="DealSpend" src="${e(src)}" data-pageload="${e(pageLoad)}"></iframe></section>
<script src="/__crm/host.js"></script>`;
}

/** The DealSpend web tab: the tab widget with no record context. */
export function webTabPage(origin: string): string {
  const src = `/widget/tab.html?serviceOrigin=${encodeURIComponent(origin)}`;
  return `<iframe id="dealspend-frame" class="dealspend-tab" title="DealSpend" src="${e(src)}"></iframe>
<script src="/__crm/host.js"></script>`;
}

export function notFoundPage(message: string): string {
  return `<section><h1>Not found</h1><p>${e(message)}</p></section>`;
}

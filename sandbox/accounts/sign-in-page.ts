/** The sandbox's Zoho Accounts sign-in page: one link per seeded user (no passwords here). */
import type { SandboxAccount } from '../data/seed-types.js';

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function renderSignInPage(
  accounts: readonly SandboxAccount[],
  query: URLSearchParams,
  clientName: string,
): string {
  const items = accounts
    .map((a) => {
      const q = new URLSearchParams(query);
      q.set('login_hint', a.email);
      return `<li><a href="?${escapeHtml(q.toString())}">${escapeHtml(a.display_name)}</a> <small>${escapeHtml(a.email)}</small></li>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sign in - Zoho Accounts (sandbox)</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem}li{margin:.4rem 0}small{color:#666}</style>
</head><body>
<h1>Sign in</h1>
<p>Choose who signs in to <strong>${escapeHtml(clientName)}</strong>. This is the local Zoho Accounts sandbox.</p>
<ul>
${items}
</ul>
</body></html>`;
}

export function renderErrorPage(message: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Zoho Accounts (sandbox)</title></head>
<body><h1>Sign-in cannot continue</h1><p>${escapeHtml(message)}</p></body></html>`;
}

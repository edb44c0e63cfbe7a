import type { Browser, FrameLocator, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSeed } from '../../sandbox/data/seed.js';
import type { SyncRun } from '../../widget/features/settings/types.js';
import { signInAs } from './helpers/api-session.js';
import { launchChromium, screenshot } from './helpers/browser.js';
import { repDeal } from './helpers/demo-records.js';
import { type Product, startProduct } from './helpers/start-product.js';

let product: Product;
let browser: Browser;

beforeAll(async () => {
  product = await startProduct();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await product?.stop();
});

async function openSettingsAsAdmin(page: Page): Promise<FrameLocator> {
  await page.goto(`${product.sandboxUrl}/crm/tab/WebTab/dealspend`);
  await page.getByLabel('Signed-in CRM user').selectOption('admin@zylker.example');
  await Promise.all([
    page.waitForLoadState('load'),
    page.getByRole('button', { name: 'Switch user' }).click(),
  ]);
  const tab = page.frameLocator('#dealspend-frame');
  await tab.getByRole('link', { name: 'Settings' }).click({ timeout: 60_000 });
  return tab;
}

/** Connect Now / Try Now: Zoho's consent opens in a pop-up whose callback page tells the tab and closes. */
async function connect(page: Page, card: Locator, button: string) {
  const [popup] = await Promise.all([
    page.waitForEvent('popup'),
    card.getByRole('button', { name: button }).click(),
  ]);
  // The card changes without a reload: the callback page reached the widget through window.opener.
  await card.getByText('Connected as admin@zylker.example').waitFor({ timeout: 30_000 });
  // Then the pop-up closes itself.
  if (!popup.isClosed()) await popup.waitForEvent('close', { timeout: 30_000 });
}

/** Settings as the admin, with Zoho CRM connected and the Zylker organisation selected. */
async function crmConnectedToZylker(page: Page) {
  const tab = await openSettingsAsAdmin(page);
  const crm = tab.getByRole('article', { name: 'Zoho CRM' });
  await connect(page, crm, 'Connect Now');
  await crm.getByRole('button', { name: 'Select Organisation' }).click();
  const orgDialog = tab.getByRole('dialog', { name: 'Select Organisation' });
  await orgDialog.getByLabel('Zylker (USD)').check();
  await orgDialog.getByRole('button', { name: 'Save' }).click();
  await crm.getByText('Organisation: Zylker').waitFor();
  return { tab, crm };
}

describe('an admin sets up the integrations from Settings', () => {
  it('connects Zoho CRM, syncs users and customers, checks the status, then disables and deletes it', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const { tab, crm } = await crmConnectedToZylker(page);
    await screenshot(page, '40-crm-connected');

    // Manual import: a CRM user hired after the demo's users were loaded, as an approver.
    const email = 'ava.stone@zylker.example';
    const hire = await fetch(`${product.sandboxUrl}/__sandbox/crm/default/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ first_name: 'Ava', last_name: 'Stone', email }),
    });
    expect(hire.status).toBe(201);
    await crm.getByRole('button', { name: 'Import users manually' }).click();
    const picker = tab.getByRole('dialog', { name: 'Import Zoho CRM users' });
    await picker.getByLabel('Import Ava Stone').check({ timeout: 30_000 });
    await picker.getByLabel('Role in DealSpend for Ava Stone').selectOption('approver');
    await screenshot(page, '41-import-crm-users');
    await picker.getByRole('button', { name: 'Import' }).click();
    await picker.waitFor({ state: 'detached' });
    await tab.getByRole('status').filter({ hasText: '1 user is imported.' }).waitFor();
    const admin = await signInAs(product, 'admin@zylker.example');
    const { users } = await admin.get<{ users: Array<{ email: string; user_role: string }> }>(
      '/api/v1/users?per_page=200',
    );
    expect(users.find((u) => u.email === email)?.user_role).toBe('approver');

    await crm.getByRole('button', { name: 'Sync CRM Users' }).click();
    await tab
      .getByRole('dialog', { name: 'Sync CRM Users' })
      .getByRole('button', { name: 'Confirm' })
      .click();

    await crm.getByRole('button', { name: 'Configure Now' }).click();
    const wizard = tab.getByRole('dialog', { name: 'Configure customers sync' });
    await wizard.getByLabel('Accounts & their Contacts').check();
    await wizard.getByLabel('Overwrite').check();
    await screenshot(page, '42-customers-wizard');
    await wizard.getByRole('button', { name: 'Save and Sync', exact: true }).click();
    // The question replaces the buttons and its Confirm has the focus: Enter answers it.
    await expect
      .poll(() => wizard.getByRole('alertdialog').textContent())
      .toContain('sync the customers now?');
    await page.keyboard.press('Enter');
    await wizard.waitFor({ state: 'detached' });

    // The card follows the runs on its own until they end.
    for (const module of ['Customers (Accounts)', 'Customers (Contacts)', 'Deals (Potentials)']) {
      await crm
        .getByText(new RegExp(`${module.replace(/[()]/g, '\\$&')}: completed`))
        .waitFor({ timeout: 60_000 });
    }
    await crm.getByRole('button', { name: 'Check Status' }).click();
    const history = tab.getByRole('dialog', { name: 'Sync history' });
    await expect.poll(() => history.locator('tbody tr').count()).toBeGreaterThanOrEqual(4);
    const rows = await history.locator('tbody tr').allInnerTexts();
    expect(rows.some((r) => r.startsWith('Customers (Accounts)') && r.includes('completed'))).toBe(true);
    expect(rows.some((r) => r.startsWith('Users') && r.includes('completed'))).toBe(true);
    await screenshot(page, '43-crm-sync-history');
    await history.getByRole('button', { name: 'Close' }).click();

    // What the screens showed is what the server holds.
    const { sync_runs } = await admin.get<{ sync_runs: SyncRun[] }>(
      '/api/v1/integrations/crm/synchistory?per_page=50',
    );
    const completed = new Set(sync_runs.filter((r) => r.status === 'completed').map((r) => r.module));
    expect([...completed].sort()).toEqual(['accounts', 'contacts', 'deals', 'users']);

    // Until Sync Modules is enabled, a deal page's DealSpend list says so instead of the expenses.
    const dealPage = await context.newPage();
    await dealPage.goto(`${product.sandboxUrl}/crm/tab/Deals/${repDeal().id}`);
    const related = dealPage.frameLocator('#dealspend-frame');
    await related
      .getByText('The Expenses and Expense Reports modules are not enabled in Zoho CRM yet.')
      .waitFor({ timeout: 60_000 });
    await screenshot(dealPage, '44-deal-page-modules-off');

    await crm.getByRole('button', { name: 'Enable' }).click();
    await crm.getByText('The Expenses and Expense Reports modules are available in Zoho CRM.').waitFor();
    await dealPage.reload();
    await related.getByRole('button', { name: 'New Expense', exact: true }).waitFor({ timeout: 60_000 });
    await dealPage.close();

    await crm.getByRole('button', { name: 'Disable Integration' }).click();
    await tab
      .getByRole('dialog', { name: 'Disable Integration' })
      .getByRole('button', { name: 'Confirm' })
      .click();
    await crm.getByText('(disabled)').waitFor();
    await crm.getByRole('button', { name: 'Delete Integration' }).click();
    const remove = tab.getByRole('dialog', { name: 'Delete Zoho CRM integration' });
    await remove
      .getByLabel('Convert only the records with transactions and delete the remaining records')
      .check();
    await screenshot(page, '45-crm-delete');
    await remove.getByRole('button', { name: 'Delete' }).click();
    await crm.getByRole('button', { name: 'Connect Now' }).waitFor({ timeout: 30_000 });
    // Its completion is an in-app notification.
    await tab.getByRole('region', { name: 'Notifications' }).getByRole('listitem').first().waitFor();
    const { integration } = await admin.get<{ integration: { status: string } }>('/api/v1/integrations/crm');
    expect(integration.status).toBe('not_connected');
    await context.close();
  });

  it('connects Zoho People, imports departments then users, and shows the sync history', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const tab = await openSettingsAsAdmin(page);
    const people = tab.getByRole('article', { name: 'Zoho People' });

    await connect(page, people, 'Try Now');
    await people.getByRole('button', { name: 'Sync People Departments' }).click();
    await people.getByText(/Departments: completed/).waitFor({ timeout: 60_000 });
    await people.getByRole('button', { name: 'Configure Now' }).click();
    const mapping = tab.getByRole('dialog', { name: 'Configure users sync' });
    await mapping.getByRole('button', { name: 'Save and Sync' }).click();
    await mapping.waitFor({ state: 'detached' });
    await people.getByText(/Users: completed/).waitFor({ timeout: 60_000 });

    await people.getByRole('button', { name: 'Show Sync History' }).click();
    const history = tab.getByRole('dialog', { name: 'Sync history' });
    await expect.poll(() => history.locator('tbody tr').count()).toBeGreaterThanOrEqual(2);
    const rows = await history.locator('tbody tr').allInnerTexts();
    // Newest first: the users' run, then the departments' that came before it.
    expect(rows[0]).toMatch(/^Users\s+\w+.*completed/s);
    expect(rows[1]).toMatch(/^Departments\s+initial.*completed/s);
    await screenshot(page, '46-people-sync-history');

    // Roles from the sync are changeable later, in Settings › Users.
    await history.getByRole('button', { name: 'Close' }).click();
    await history.waitFor({ state: 'detached' });
    const users = tab.getByRole('article', { name: 'Users' });
    await users.getByRole('button', { name: 'Edit Sofia Rossi' }).click();
    const edit = tab.getByRole('dialog', { name: 'Edit Sofia Rossi' });
    await edit.getByLabel('Role').selectOption('approver');
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit.waitFor({ state: 'detached' });
    await users
      .locator('tbody tr', { hasText: 'sofia.rossi@zylker.example' })
      .getByText('Approver')
      .waitFor();
    await screenshot(page, '47-user-role-changed');
    const admin = await signInAs(product, 'admin@zylker.example');
    const { users: found } = await admin.get<{ users: Array<{ email: string; user_role: string }> }>(
      '/api/v1/users?search_text=sofia.rossi',
    );
    expect(found).toEqual([
      expect.objectContaining({ email: 'sofia.rossi@zylker.example', user_role: 'approver' }),
    ]);
    await context.close();
  });

  it('syncs customers both ways: a phone changed on both sides is a conflict the admin resolves in the tab', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const { tab, crm } = await crmConnectedToZylker(page);
    await crm.getByRole('button', { name: 'Configure Now' }).click();
    const wizard = tab.getByRole('dialog', { name: 'Configure customers sync' });
    await wizard.getByLabel('Sync both ways').check();
    // The first journey deleted the integration and kept the customers with expenses as DealSpend's
    // own: Overwrite makes each one again the record its CRM account comes to.
    await wizard.getByLabel('Overwrite').check();
    await wizard.getByRole('button', { name: 'Save and Sync', exact: true }).click();
    await wizard.getByRole('button', { name: 'Confirm' }).click();
    await wizard.waitFor({ state: 'detached' });
    await crm.getByText(/Customers \(Accounts\): completed/).waitFor({ timeout: 60_000 });

    // The same account's phone, edited in DealSpend and in Zoho CRM before the next sync.
    const admin = await signInAs(product, 'admin@zylker.example');
    const { contacts } = await admin.get<{ contacts: Array<{ contact_id: string; contact_name: string }> }>(
      '/api/v1/contacts?search_text=Massive%20Labs&per_page=10',
    );
    const local = contacts.find((c) => c.contact_name === 'Massive Labs')!;
    await admin.put(`/api/v1/contacts/${local.contact_id}`, { phone: '+1 555 0001' });
    const account = buildSeed().crmOrgs[0]!.Accounts.find((a) => a.Account_Name === 'Massive Labs')!;
    const edit = await fetch(`${product.sandboxUrl}/__sandbox/crm/default/Accounts/${account.id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ Phone: '+1 555 0002' }),
    });
    expect(edit.status).toBe(200);

    await crm.getByRole('button', { name: 'Instant Sync' }).click();
    await crm.getByRole('button', { name: '1 conflict to resolve' }).click({ timeout: 60_000 });
    const conflicts = tab.getByRole('dialog', { name: 'Sync conflicts' });
    await expect
      .poll(() => conflicts.textContent())
      .toContain('Phone: DealSpend “+1 555 0001”, Zoho CRM “+1 555 0002”');
    await screenshot(page, '47-sync-conflict');
    await conflicts.getByRole('button', { name: 'Keep Zoho CRM value' }).click();
    await expect
      .poll(async () => {
        const { contact } = await admin.get<{ contact: { phone: string | null } }>(
          `/api/v1/contacts/${local.contact_id}`,
        );
        return contact.phone;
      })
      .toBe('+1 555 0002');
    await conflicts.getByRole('button', { name: 'Close' }).click();
    await crm.getByRole('button', { name: '1 conflict to resolve' }).waitFor({ state: 'detached' });
    await context.close();
  });
});

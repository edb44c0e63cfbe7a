import type { Browser, FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAs } from './helpers/api-session.js';
import { launchChromium, screenshot } from './helpers/browser.js';
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

async function openTabAs(page: Page, email: string): Promise<FrameLocator> {
  await page.goto(`${product.sandboxUrl}/crm/tab/WebTab/dealspend`);
  await page.getByLabel('Signed-in CRM user').selectOption(email);
  await Promise.all([
    page.waitForLoadState('load'),
    page.getByRole('button', { name: 'Switch user' }).click(),
  ]);
  return page.frameLocator('#dealspend-frame');
}

describe('an admin sets the policies in Settings, and the rep works under them', () => {
  it('a per diem policy made in Settings is the one the rep records per diem with', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const admin = await openTabAs(page, 'admin@zylker.example');
    await admin.getByRole('link', { name: 'Settings' }).click({ timeout: 60_000 });
    const policies = admin.getByRole('article', { name: 'Per diem policies' });
    // The demo's own policy is listed; the admin adds a second one.
    await policies.getByText('Standard travel', { exact: true }).waitFor();
    await policies.getByRole('button', { name: '+ New per diem policy' }).click();
    const dialog = admin.getByRole('dialog', { name: 'New per diem policy' });
    await dialog.getByLabel('Policy name').fill('Domestic');
    await dialog.getByLabel('Location 1', { exact: true }).fill('Austin');
    await dialog.getByLabel('Rate 1 (USD)').fill('60.50');
    // A day of 8 to 24 hours earns half the rate.
    await dialog.getByRole('button', { name: '+ Add rule' }).click();
    await dialog.getByLabel('Rule 1: from hours').fill('8');
    await dialog.getByLabel('Rule 1: to hours').fill('24');
    await dialog.getByLabel('Rule 1: percent').fill('50');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await policies.getByText('Domestic · Austin $60.50').waitFor();
    await screenshot(page, '60-per-diem-policy-added');

    const rep = await openTabAs(page, 'rep@zylker.example');
    await rep.getByRole('button', { name: '+ New Expense' }).click({ timeout: 60_000 });
    await rep.getByRole('menuitem', { name: 'Per Diem' }).click();
    const form = rep.getByRole('form', { name: 'Per Diem' });
    await form.getByLabel('Policy').selectOption({ label: 'Domestic (USD)' });
    await form.getByLabel('Individual Days').check();
    await form.getByLabel('Travel Location').selectOption('Austin');
    await form.getByLabel('First Date').fill('2026-11-16');
    await form.getByLabel('Last Date').fill('2026-11-17');
    await form.getByLabel('Daily Start Time').fill('09:00');
    await form.getByLabel('Daily End Time').fill('17:00');
    await form.getByRole('button', { name: 'Calculate Per Diem' }).click();
    await form.getByRole('button', { name: 'Save and Close' }).waitFor();
    await screenshot(page, '61-per-diem-calculated');
    await form.getByRole('button', { name: 'Save and Close' }).click();
    await form.waitFor({ state: 'detached' });

    // Eight hours a day under the admin's rule: half of $60.50 for each of the two days.
    const api = await signInAs(product, 'rep@zylker.example');
    const { expenses } = await api.get<{
      expenses: Array<{ date: string; total: number; category_name: string }>;
    }>('/api/v1/expenses?date_start=2026-11-16&date_end=2026-11-17&per_page=200');
    const perDiem = expenses
      .filter((e) => e.category_name === 'Per Diem')
      .sort((a, b) => a.date.localeCompare(b.date));
    expect(perDiem.map((e) => [e.date, e.total])).toEqual([
      ['2026-11-16', 30.25],
      ['2026-11-17', 30.25],
    ]);
    await context.close();
  });

  it('an approval level added in Settings sends a large report on to its approver after the manager', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const admin = await openTabAs(page, 'admin@zylker.example');
    await admin.getByRole('link', { name: 'Settings' }).click({ timeout: 60_000 });
    const levels = admin.getByRole('article', { name: 'Approval levels' });
    await levels.getByText('No further levels: the first approval is final.').waitFor();
    await levels.getByLabel('For reports above (USD)').fill('100');
    await levels.getByLabel('Approver').selectOption({ label: 'Hannah Wright' });
    await levels.getByRole('button', { name: 'Add level' }).click();
    await levels.getByText('Level 2 · reports above $100.00 · Hannah Wright').waitFor();
    await screenshot(page, '62-approval-level-added');

    // Through the API, as the browser journey of submitting is covered elsewhere.
    const rep = await signInAs(product, 'rep@zylker.example');
    const { expense_categories } = await rep.get<{ expense_categories: Array<{ category_id: string }> }>(
      '/api/v1/expensecategories',
    );
    const { expense } = await rep.post<{ expense: { expense_id: string } }>('/api/v1/expenses', {
      date: '2026-11-20',
      category_id: expense_categories[0]!.category_id,
      amount: 250,
      currency_code: 'USD',
      merchant_name: 'Level Two Hotel',
    });
    const { expense_report } = await rep.post<{ expense_report: { report_id: string } }>(
      '/api/v1/expensereports',
      {
        report_name: 'Above the level',
        expense_ids: [expense.expense_id],
      },
    );
    await rep.post(`/api/v1/expensereports/${expense_report.report_id}/submit`, {});
    const manager = await signInAs(product, 'manager@zylker.example');
    await manager.post(`/api/v1/expensereports/${expense_report.report_id}/approve`, {});
    const finance = await signInAs(product, 'finance@zylker.example');
    const waiting = await finance.get<{ expense_reports: Array<{ report_id: string }> }>('/api/v1/approvals');
    expect(waiting.expense_reports.map((r) => r.report_id)).toContain(expense_report.report_id);
    await context.close();
  });
});

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

// A one-pixel PNG: a real image the server's type sniffing accepts.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

describe('a rep records an expense from a deal page', () => {
  it('New Expense shows the account and the deal prefilled, saves with a receipt, and the list shows it', async () => {
    const deal = repDeal();
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${product.sandboxUrl}/crm/tab/Deals/${deal.id}`);
    const widget = page.frameLocator('#dealspend-frame');
    await widget.getByRole('button', { name: 'New Expense', exact: true }).waitFor({ timeout: 60_000 });
    await screenshot(page, '01-deal-page');

    await widget.getByRole('button', { name: 'New Expense', exact: true }).click();
    const dialog = widget.getByRole('dialog', { name: 'New Expense' });
    await dialog.getByLabel('Amount').waitFor();
    await expect.poll(() => dialog.getByText(deal.account.name).count()).toBeGreaterThan(0);
    const potential = dialog.getByLabel('Potential');
    await expect.poll(() => potential.locator('option:checked').textContent()).toContain(deal.name);
    await screenshot(page, '02-new-expense-prefilled');

    const category = dialog.getByLabel('Category');
    const firstCategory = await category.locator('option').nth(1).getAttribute('value');
    await category.selectOption(firstCategory!);
    await dialog.getByLabel('Amount').fill('42.50');
    await dialog.getByLabel('Merchant').fill('E2E Taxi Company');
    await dialog
      .locator('input[type="file"]')
      .setInputFiles({ name: 'taxi.png', mimeType: 'image/png', buffer: PNG });
    await screenshot(page, '03-new-expense-filled');
    // By keyboard, as a user may: the dialog sits in the CRM page's frame, partly below the fold.
    await dialog.getByRole('button', { name: 'Save and Close' }).press('Enter');

    await widget.getByRole('cell', { name: 'E2E Taxi Company', exact: true }).waitFor({ timeout: 30_000 });
    await screenshot(page, '04-related-list-with-expense');

    const rep = await signInAs(product, 'rep@zylker.example');
    const { expenses } = await rep.get<{
      expenses: Array<{
        merchant_name: string;
        deal_name: string;
        customer_name: string;
        receipts?: unknown[];
        expense_id: string;
      }>;
    }>('/api/v1/expenses?per_page=200&sort_column=created_time&sort_order=D');
    const saved = expenses.filter((e) => e.merchant_name === 'E2E Taxi Company');
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatchObject({ deal_name: deal.name, customer_name: deal.account.name });
    const { expense } = await rep.get<{ expense: { receipts?: Array<{ file_name: string }> } }>(
      `/api/v1/expenses/${saved[0]!.expense_id}`,
    );
    expect(expense.receipts?.map((r) => r.file_name)).toEqual(['taxi.png']);
    await context.close();
  });
});

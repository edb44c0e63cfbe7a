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

describe('offline', () => {
  it('an expense created offline reaches the server exactly once when the connection returns', async () => {
    const deal = repDeal();
    const merchant = `Offline Diner ${Date.now()}`;
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${product.sandboxUrl}/crm/tab/Deals/${deal.id}`);
    const widget = page.frameLocator('#dealspend-frame');
    const newExpense = widget.getByRole('button', { name: 'New Expense', exact: true });
    await newExpense.waitFor({ timeout: 60_000 });
    await newExpense.click();
    const dialog = widget.getByRole('dialog', { name: 'New Expense' });
    const category = dialog.getByLabel('Category');
    await expect.poll(() => category.locator('option').count()).toBeGreaterThan(1);

    await context.setOffline(true);
    await category.selectOption((await category.locator('option').nth(1).getAttribute('value'))!);
    await dialog.getByLabel('Amount').fill('18.20');
    await dialog.getByLabel('Merchant').fill(merchant);
    // By keyboard, as a user may: the dialog sits in the CRM page's frame, partly below the fold.
    await dialog.getByRole('button', { name: 'Save and Close' }).press('Enter');
    await widget.getByText(/1 change waiting to be sent/).waitFor({ timeout: 30_000 });
    await screenshot(page, '11-offline-expense-waiting');

    await context.setOffline(false);
    await widget.getByRole('cell', { name: merchant, exact: true }).waitFor({ timeout: 60_000 });
    await expect.poll(() => widget.getByText(/waiting to be sent/).count(), { timeout: 30_000 }).toBe(0);
    await screenshot(page, '12-offline-expense-sent');

    const rep = await signInAs(product, 'rep@zylker.example');
    const { expenses } = await rep.get<{ expenses: Array<{ merchant_name: string }> }>(
      '/api/v1/expenses?per_page=200&sort_column=created_time&sort_order=D',
    );
    expect(expenses.filter((e) => e.merchant_name === merchant)).toHaveLength(1);
    await context.close();
  });
});

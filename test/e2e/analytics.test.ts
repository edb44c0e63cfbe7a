import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

async function switchUser(page: Page, email: string) {
  await page.getByLabel('Signed-in CRM user').selectOption(email);
  await Promise.all([
    page.waitForLoadState('load'),
    page.getByRole('button', { name: 'Switch user' }).click(),
  ]);
}

describe('analytics in the tab', () => {
  it('a manager opens Analytics and reads the four default deal-cost reports', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${product.sandboxUrl}/crm/tab/WebTab/dealspend`);
    await switchUser(page, 'manager@zylker.example');
    const tab = page.frameLocator('#dealspend-frame');
    await tab.getByRole('link', { name: 'Analytics' }).click({ timeout: 60_000 });
    // The four default reports are offered in the report picker; the first one opens with its table.
    const picker = tab.locator('select', { has: tab.locator('option[value="spend-per-deal"]') });
    await picker.waitFor({ state: 'visible', timeout: 30_000 });
    const offered = await picker.locator('option').allTextContents();
    expect(offered).toEqual(
      expect.arrayContaining([
        'Spend per deal',
        'Who spent the most and least acquiring a deal',
        'Spent on acquiring deals, per month',
        'Money spent on lost deals',
      ]),
    );
    await tab.getByRole('table').first().waitFor({ state: 'visible', timeout: 30_000 });
    await picker.selectOption('lost-deals');
    await tab.getByRole('table').first().waitFor({ state: 'visible', timeout: 30_000 });
    await screenshot(page, '30-manager-analytics');
    await context.close();
  });
});

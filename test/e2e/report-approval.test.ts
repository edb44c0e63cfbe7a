import type { Browser, Page } from 'playwright-core';
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

async function switchUser(page: Page, email: string) {
  await page.getByLabel('Signed-in CRM user').selectOption(email);
  await Promise.all([
    page.waitForLoadState('load'),
    page.getByRole('button', { name: 'Switch user' }).click(),
  ]);
}

describe('submit and approve', () => {
  it('the rep submits a report in the tab and the manager approves it there', async () => {
    const rep = await signInAs(product, 'rep@zylker.example');
    const { expense_categories } = await rep.get<{ expense_categories: Array<{ category_id: string }> }>(
      '/api/v1/expensecategories',
    );
    const { expense } = await rep.post<{ expense: { expense_id: string } }>('/api/v1/expenses', {
      date: new Date().toISOString().slice(0, 10),
      category_id: expense_categories[0]!.category_id,
      amount: 64.9,
      merchant_name: 'E2E Client Lunch',
    });
    const reportName = `E2E Visit ${Date.now()}`;
    const { expense_report } = await rep.post<{ expense_report: { report_id: string } }>(
      '/api/v1/expensereports',
      {
        report_name: reportName,
        expense_ids: [expense.expense_id],
      },
    );

    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${product.sandboxUrl}/crm/tab/WebTab/dealspend`);
    const tab = page.frameLocator('#dealspend-frame');
    await tab.getByRole('link', { name: 'Reports' }).click({ timeout: 60_000 });
    await tab.getByRole('button', { name: reportName }).click({ timeout: 30_000 });
    await tab.getByRole('button', { name: 'Submit' }).click();
    const submit = tab.getByRole('dialog', { name: 'Submit report' });
    const approver = submit.getByLabel('Approver');
    await expect.poll(() => approver.inputValue()).not.toBe('');
    await screenshot(page, '21-rep-submits-report');
    await submit.getByRole('button', { name: 'Submit' }).click();
    await expect
      .poll(
        async () =>
          (
            await rep.get<{ expense_report: { status: string } }>(
              `/api/v1/expensereports/${expense_report.report_id}`,
            )
          ).expense_report.status,
        { timeout: 30_000 },
      )
      .toBe('submitted');
    await screenshot(page, '22-report-submitted');

    await switchUser(page, 'manager@zylker.example');
    const managerTab = page.frameLocator('#dealspend-frame');
    await managerTab.getByRole('link', { name: 'Approvals' }).click({ timeout: 60_000 });
    await managerTab.getByRole('button', { name: reportName }).click({ timeout: 30_000 });
    await screenshot(page, '23-manager-opens-report');
    await managerTab.getByRole('button', { name: 'Approve' }).click();
    await managerTab
      .getByRole('dialog', { name: 'Approve report' })
      .getByRole('button', { name: 'Approve' })
      .click();
    await expect
      .poll(
        async () =>
          (
            await rep.get<{ expense_report: { status: string } }>(
              `/api/v1/expensereports/${expense_report.report_id}`,
            )
          ).expense_report.status,
        { timeout: 30_000 },
      )
      .toBe('approved');
    await screenshot(page, '24-manager-approved');
    await context.close();
  });
});

import { ok, page, usersRoute } from './fake-api.js';

/** What the expense form loads when it opens: categories, currencies, draft reports, users. */
export function referenceRoutes() {
  return {
    'GET /api/v1/expensecategories': ok({
      expense_categories: [
        { category_id: 'c-meals', category_name: 'Meals', is_enabled: true },
        { category_id: 'c-travel', category_name: 'Travel', is_enabled: true },
      ],
      page_context: page,
    }),
    'GET /api/v1/settings/currencies': ok({
      currencies: [
        { currency_code: 'USD', is_base_currency: true },
        { currency_code: 'JPY', is_base_currency: false },
        { currency_code: 'KWD', is_base_currency: false },
      ],
      page_context: page,
    }),
    'GET /api/v1/expensereports': ok({
      expense_reports: [{ report_id: 'r-draft', report_name: 'March trip', status: 'draft' }],
      page_context: page,
    }),
    'GET /api/v1/users': usersRoute([
      { user_id: 'u-rep', name: 'Rita Rep', user_role: 'submitter', status: 'active' },
      { user_id: 'u-mgr', name: 'Max Manager', user_role: 'approver', status: 'active' },
    ]),
  };
}

/** A saved expense as the server answers it. */
export function savedExpense(overrides: Record<string, unknown> = {}) {
  return {
    expense_id: 'e1',
    date: '2026-03-02',
    category_id: 'c-meals',
    category_name: 'Meals',
    amount: 42.5,
    currency_code: 'USD',
    merchant_name: 'Cafe',
    status: 'unreported',
    report_id: null,
    last_modified_time: '2026-03-02T10:00:00Z',
    ...overrides,
  };
}

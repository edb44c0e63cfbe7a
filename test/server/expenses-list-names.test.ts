/**
 * A list filtered by user, customer or deal reads the names those filters fix once per query, not
 * once per row. Whatever the filters and whoever asks, each listed expense must carry exactly the
 * names its own detail view shows.
 */
import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/dialects.js';
import { buildExpenseWorld } from './expenses-fixture.js';

const NAMES = ['user_name', 'category_name', 'customer_name', 'deal_name', 'project_name'] as const;

describe.each(DIALECTS)('names in filtered expense lists on %s', (dialect) => {
  it('every filter combination lists each expense with the names of its detail view', async () => {
    const w = await buildExpenseWorld(dialect);
    await w.createExpense({ deal_id: w.acmeDeal, customer_id: w.bob });
    await w.createExpense({ deal_id: w.acmeDeal, project_id: w.projectId });
    await w.createExpense({ customer_id: w.globex });
    await w.createExpense({ deal_id: w.globexDeal }, w.h.rep2);
    await w.createExpense({ customer_id: w.acme, category_id: w.lodging }, w.h.rep2);
    await w.createExpense({});

    const filters = [
      '',
      `deal_id=${w.acmeDeal}`,
      `deal_id=${w.globexDeal}`,
      `customer_id=${w.acme}`,
      `customer_id=${w.acme}&include_related=true`,
      `customer_id=${w.bob}&deal_id=${w.acmeDeal}`,
      `user_id=${w.rep2.user_id}`,
      `user_id=${w.rep.user_id}&deal_id=${w.acmeDeal}`,
    ];
    let listed = 0;
    for (const who of [w.h.admin, w.h.rep, w.h.rep2]) {
      for (const filter of filters) {
        const res = await w.app.inject({ method: 'GET', url: `/api/v1/expenses?${filter}`, headers: who });
        expect(res.statusCode, filter).toBe(200);
        for (const e of res.json().expenses) {
          listed++;
          const detail = await w.app.inject({
            method: 'GET',
            url: `/api/v1/expenses/${e.expense_id}`,
            headers: who,
          });
          const view = detail.json().expense;
          for (const name of NAMES) expect(e[name], `${filter} ${name}`).toBe(view[name]);
        }
      }
    }
    // The lists were not all empty: the comparison above looked at real rows.
    expect(listed).toBeGreaterThan(20);
  });
});

/**
 * A new expense reads its category, customer and deal, and its duplicate-hint candidates, in one
 * statement (lookUpNewExpenseRefs). Whatever the caller names (found, disabled, another
 * organisation's, made up, a deal they may not see) and whatever they spent, the checks must answer
 * exactly as they do with each record looked up on its own, and the candidates must be those the
 * candidates' own query finds.
 */
import fc from 'fast-check';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { Member } from '../../server/auth/membership.js';
import {
  assertCategoryUsable,
  lookUpNewExpenseRefs,
  resolveLinks,
  usableCategoryName,
} from '../../server/modules/expenses/references.js';
import { sameSpendCandidates } from '../../server/modules/expenses/same-spend.js';
import { DIALECTS, openTestDatabase } from '../helpers/dialects.js';
import { createOrgWithUsers, insertContact, insertDeal, insertExpense } from '../helpers/fixtures.js';

async function outcome(run: () => Promise<unknown>) {
  try {
    return { ok: await run() };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

describe.each(DIALECTS)('new expense references on %s', (dialect) => {
  it('one combined look-up answers as the separate look-ups for any category, customer and deal', async () => {
    const database = await openTestDatabase(dialect);
    onTestFinished(() => database.destroy());
    const db = database.db;
    const a = await createOrgWithUsers(db);
    const b = await createOrgWithUsers(db, { domain: 'other.example', name: 'Other' });
    const disabled = await db
      .selectFrom('expense_categories')
      .select('category_id')
      .where('org_id', '=', a.org.org_id)
      .where('category_id', '!=', a.categoryId)
      .executeTakeFirstOrThrow();
    await db
      .updateTable('expense_categories')
      .set({ is_enabled: 0 })
      .where('category_id', '=', disabled.category_id)
      .execute();
    const account = await insertContact(db, a.org.org_id, { contact_name: 'Account' });
    const person = await insertContact(db, a.org.org_id, { contact_name: 'Person', account_id: account });
    const stranger = await insertContact(db, a.org.org_id, { contact_name: 'Stranger' });
    const repsDeal = await insertDeal(db, a.org.org_id, { account_id: account, owner_id: a.rep.user_id });
    const managersDeal = await insertDeal(db, a.org.org_id, {
      account_id: account,
      owner_id: a.manager.user_id,
    });
    const bareDeal = await insertDeal(db, a.org.org_id, { owner_id: a.rep.user_id });
    const otherCustomer = await insertContact(db, b.org.org_id);
    const otherDeal = await insertDeal(db, b.org.org_id, { owner_id: b.rep.user_id });
    // Spends: three of the rep's on one day (two the same amount), one of the admin's, one in
    // another organisation with the same figures.
    const day = '2026-11-02';
    const spent = [
      { user: a.rep, amount: 2500, currency_code: 'USD', merchant_name: 'Cafe' },
      { user: a.rep, amount: 2500, currency_code: 'USD', merchant_name: '' },
      { user: a.rep, amount: 990, currency_code: 'EUR', merchant_name: 'Taxi' },
      { user: a.admin, amount: 2500, currency_code: 'USD', merchant_name: 'Cafe' },
    ];
    for (const e of spent)
      await insertExpense(db, {
        org_id: a.org.org_id,
        user_id: e.user.user_id,
        category_id: a.categoryId,
        date: day,
        amount: e.amount,
        currency_code: e.currency_code,
        merchant_name: e.merchant_name,
      });
    await insertExpense(db, {
      org_id: b.org.org_id,
      user_id: b.rep.user_id,
      category_id: b.categoryId,
      date: day,
      amount: 2500,
    });

    const category = fc.constantFrom(a.categoryId, disabled.category_id, b.categoryId, 'no-such-category');
    const customer = fc.constantFrom(null, account, person, stranger, otherCustomer, 'no-such-customer');
    const deal = fc.constantFrom(null, repsDeal, managersDeal, bareDeal, otherDeal, 'no-such-deal');
    const who = fc.constantFrom(a.rep, a.admin);
    const mode = fc.constantFrom('all', 'user');
    const spend = fc.record({
      date: fc.constantFrom(day, '2026-11-03'),
      amount: fc.constantFrom(2500, 990, 0),
      currency_code: fc.constantFrom('USD', 'EUR'),
    });
    await fc.assert(
      fc.asyncProperty(
        category,
        customer,
        deal,
        who,
        mode,
        spend,
        async (categoryId, customerId, dealId, user, m, spend) => {
          const member: Member = {
            org: { ...a.org, settings: JSON.stringify({ potentials_mode: m }) },
            user,
          };
          const links = { customer_id: customerId, deal_id: dealId, project_id: null };
          const separate = await outcome(async () => [
            await assertCategoryUsable(db, a.org.org_id, categoryId),
            await resolveLinks(db, member, links),
          ]);
          const refs = await lookUpNewExpenseRefs(
            db,
            member,
            { category_id: categoryId, customer_id: customerId, deal_id: dealId },
            spend,
          );
          const combined = await outcome(async () => [
            usableCategoryName(refs.category, categoryId),
            await resolveLinks(db, member, links, { prefetched: refs.prefetched }),
          ]);
          expect(combined).toEqual(separate);

          const found = await sameSpendCandidates(db, {
            org_id: a.org.org_id,
            user_id: user.user_id,
            ...spend,
          }).execute();
          // The candidates as stored: the user, date, amount and currency the look-up fills in from
          // the spend must be each row's own.
          const candidates =
            found.length === 0
              ? []
              : await db
                  .selectFrom('expenses')
                  .select(['expense_id', 'user_id', 'date', 'amount', 'currency_code', 'merchant_name'])
                  .where(
                    'expense_id',
                    'in',
                    found.map((f) => f.expense_id),
                  )
                  .execute();
          const byId = (x: { expense_id: string }, y: { expense_id: string }) =>
            x.expense_id.localeCompare(y.expense_id);
          expect(refs.sameSpend).toBeDefined();
          expect([...(refs.sameSpend ?? [])].sort(byId)).toEqual([...candidates].sort(byId));
        },
      ),
      { numRuns: 150 },
    );
  });
});

/**
 * Receipts: files attached to expenses (at most 5 each) and the inbox of receipts uploaded without
 * an expense, which wait there until they are turned into an expense ("Add Manually" / "Save and
 * Next") or deleted. Bytes go to the content-addressed file store; rows here hold the metadata.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Member } from '../../auth/membership.js';
import type { Database, ReceiptRow } from '../../db/schema.js';
import { findReceiptDuplicates } from '../../domain/duplicates.js';
import { classifyReceipt } from '../../domain/receipt-type.js';
import { appError } from '../../errors.js';
import { createDatabaseFileStore, releaseUnusedFiles } from '../../storage/database-file-store.js';
import type { StoredFile } from '../../storage/file-store.js';
import { appendAudit } from '../audit/service.js';
import { createExpense } from '../expenses/create.js';
import type { CreateExpenseInput } from '../expenses/schemas.js';
import { assertEditable, findVisibleExpense, type ServiceContext } from '../expenses/service.js';
import type { Receipt } from './schemas.js';
import type { ReceiptUpload } from './upload.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Zoho Expense's limit of receipts per expense. */
export const MAX_RECEIPTS_PER_EXPENSE = 5;

async function toReceiptView(db: Db, row: ReceiptRow): Promise<Receipt> {
  const same = await db
    .selectFrom('receipts')
    .select(['expense_id', 'sha256'])
    .where('org_id', '=', row.org_id)
    .where('sha256', '=', row.sha256)
    .execute();
  return {
    receipt_id: row.receipt_id,
    expense_id: row.expense_id,
    user_id: row.user_id,
    file_name: row.file_name,
    content_type: row.content_type,
    size: row.size,
    uploaded_time: row.uploaded_time,
    duplicate_of: findReceiptDuplicates(row.expense_id ?? '', [row.sha256], same),
  };
}

/** Checks the bytes' real type, stores them once, and records the receipt row. */
async function storeReceipt(
  trx: Transaction<Database>,
  member: Member,
  upload: ReceiptUpload,
  expenseId: string | null,
  ctx: ServiceContext,
): Promise<ReceiptRow> {
  const type = classifyReceipt(upload.bytes, upload.declaredType, upload.fileName);
  if (!type.ok) {
    throw type.reason === 'RECEIPT_MISLABELLED'
      ? appError('RECEIPT_MISLABELLED', `The file "${upload.fileName}" is not what its name or type says`)
      : appError('UNSUPPORTED_FILE_TYPE');
  }
  const stored = await createDatabaseFileStore(trx, ctx.clock).put(
    member.org.org_id,
    upload.bytes,
    type.contentType,
  );
  const row: ReceiptRow = {
    receipt_id: ctx.ids(),
    org_id: member.org.org_id,
    user_id: member.user.user_id,
    expense_id: expenseId,
    sha256: stored.sha256,
    file_name: upload.fileName,
    content_type: type.contentType,
    size: stored.size,
    uploaded_time: ctx.clock().toISOString(),
  };
  await trx.insertInto('receipts').values(row).execute();
  return row;
}

/**
 * Makes concurrent uploads to one expense take turns, so the count below sees every receipt a
 * transaction before it added. A no-op UPDATE locks the expense row on PostgreSQL (a plain read
 * would not wait) and takes SQLite's write lock up front; it sets no column the rollup triggers
 * watch, and needs no dialect check.
 */
async function lockExpenseReceipts(trx: Transaction<Database>, orgId: string, expenseId: string) {
  await trx
    .updateTable('expenses')
    .set((eb) => ({ expense_id: eb.ref('expense_id') }))
    .where('org_id', '=', orgId)
    .where('expense_id', '=', expenseId)
    .execute();
}

/** Adds a receipt to an expense the member may change (at most 5 per expense, even under concurrent uploads). */
export async function attachReceipt(
  db: Kysely<Database>,
  member: Member,
  expenseId: string,
  upload: ReceiptUpload,
  ctx: ServiceContext,
): Promise<Receipt> {
  return db.transaction().execute(async (trx) => {
    await lockExpenseReceipts(trx, member.org.org_id, expenseId);
    const v = await findVisibleExpense(trx, member, expenseId);
    const { audited } = assertEditable(v);
    const count = await trx
      .selectFrom('receipts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('org_id', '=', member.org.org_id)
      .where('expense_id', '=', expenseId)
      .executeTakeFirstOrThrow();
    if (Number(count.n) >= MAX_RECEIPTS_PER_EXPENSE) throw appError('TOO_MANY_RECEIPTS');
    const row = await storeReceipt(trx, member, upload, expenseId, ctx);
    if (audited) await auditReceipt(trx, member, expenseId, 'receipt_added', [null, row.file_name], ctx);
    return toReceiptView(trx, row);
  });
}

async function auditReceipt(
  trx: Db,
  member: Member,
  expenseId: string,
  action: string,
  change: [unknown, unknown],
  ctx: ServiceContext,
) {
  await appendAudit(
    trx,
    {
      org_id: member.org.org_id,
      entity_type: 'expense',
      entity_id: expenseId,
      action,
      actor_id: member.user.user_id,
      changes: { receipt: change },
    },
    ctx.clock,
  );
}

async function findReceiptOfExpense(db: Db, member: Member, expenseId: string, receiptId: string) {
  const row = await db
    .selectFrom('receipts')
    .selectAll()
    .where('org_id', '=', member.org.org_id)
    .where('expense_id', '=', expenseId)
    .where('receipt_id', '=', receiptId)
    .executeTakeFirst();
  if (!row) throw appError('RECEIPT_NOT_FOUND', `Receipt ${receiptId} does not exist on this expense`);
  return row;
}

async function readFile(db: Db, row: ReceiptRow, clock: ServiceContext['clock']): Promise<StoredFile> {
  const file = await createDatabaseFileStore(db, clock).get(row.org_id, row.sha256);
  if (!file) throw appError('RECEIPT_NOT_FOUND', `The file of receipt ${row.receipt_id} is missing`);
  return { bytes: file.bytes, contentType: row.content_type };
}

/** The bytes of a receipt of an expense the member may see. */
export async function downloadExpenseReceipt(
  db: Db,
  member: Member,
  expenseId: string,
  receiptId: string,
  ctx: ServiceContext,
) {
  await findVisibleExpense(db, member, expenseId);
  const row = await findReceiptOfExpense(db, member, expenseId, receiptId);
  return { row, file: await readFile(db, row, ctx.clock) };
}

/** Removes a receipt from an expense the member may change. */
export async function deleteExpenseReceipt(
  db: Kysely<Database>,
  member: Member,
  expenseId: string,
  receiptId: string,
  ctx: ServiceContext,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const v = await findVisibleExpense(trx, member, expenseId);
    const { audited } = assertEditable(v);
    const row = await findReceiptOfExpense(trx, member, expenseId, receiptId);
    await trx.deleteFrom('receipts').where('receipt_id', '=', row.receipt_id).execute();
    await releaseUnusedFiles(trx, member.org.org_id, [row.sha256]);
    if (audited) await auditReceipt(trx, member, expenseId, 'receipt_removed', [row.file_name, null], ctx);
  });
}

/** Puts a receipt in the member's inbox (no expense yet). */
export async function uploadToInbox(
  db: Kysely<Database>,
  member: Member,
  upload: ReceiptUpload,
  ctx: ServiceContext,
): Promise<Receipt> {
  return db
    .transaction()
    .execute(async (trx) => toReceiptView(trx, await storeReceipt(trx, member, upload, null, ctx)));
}

/** The member's receipts still waiting in the inbox, oldest first. */
export async function listInbox(db: Db, member: Member, window: { offset: number; limit: number }) {
  const rows = await inboxQuery(db, member)
    .orderBy('uploaded_time', 'asc')
    .orderBy('receipt_id', 'asc')
    .offset(window.offset)
    .limit(window.limit)
    .execute();
  return Promise.all(rows.map((r) => toReceiptView(db, r)));
}

function inboxQuery(db: Db, member: Member) {
  return db
    .selectFrom('receipts')
    .selectAll()
    .where('org_id', '=', member.org.org_id)
    .where('user_id', '=', member.user.user_id)
    .where('expense_id', 'is', null);
}

/** One of the member's own receipts (inbox or converted); others' are 404. */
async function findOwnReceipt(db: Db, member: Member, receiptId: string): Promise<ReceiptRow> {
  const row = await db
    .selectFrom('receipts')
    .selectAll()
    .where('org_id', '=', member.org.org_id)
    .where('user_id', '=', member.user.user_id)
    .where('receipt_id', '=', receiptId)
    .executeTakeFirst();
  if (!row) throw appError('RECEIPT_NOT_FOUND', `Receipt ${receiptId} does not exist`);
  return row;
}

export async function getOwnReceipt(db: Db, member: Member, receiptId: string): Promise<Receipt> {
  return toReceiptView(db, await findOwnReceipt(db, member, receiptId));
}

export async function downloadOwnReceipt(db: Db, member: Member, receiptId: string, ctx: ServiceContext) {
  const row = await findOwnReceipt(db, member, receiptId);
  return { row, file: await readFile(db, row, ctx.clock) };
}

/** Deletes a receipt waiting in the inbox (one attached to an expense is deleted through the expense). */
export async function deleteInboxReceipt(
  db: Kysely<Database>,
  member: Member,
  receiptId: string,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await findOwnReceipt(trx, member, receiptId);
    if (row.expense_id !== null) throw appError('RECEIPT_ALREADY_CONVERTED');
    await trx.deleteFrom('receipts').where('receipt_id', '=', row.receipt_id).execute();
    await releaseUnusedFiles(trx, member.org.org_id, [row.sha256]);
  });
}

/**
 * Turns an inbox receipt into an expense in one transaction: the expense is created and the receipt
 * attached, or neither. Returns the expense id and the next receipt waiting ("Save and Next").
 */
export async function convertReceipt(
  db: Kysely<Database>,
  member: Member,
  receiptId: string,
  input: CreateExpenseInput,
  ctx: ServiceContext,
): Promise<{ expenseId: string; nextReceiptId: string | null }> {
  return db.transaction().execute(async (trx) => {
    const row = await findOwnReceipt(trx, member, receiptId);
    if (row.expense_id !== null) throw appError('RECEIPT_ALREADY_CONVERTED');
    const expense = await createExpense(trx, member, input, ctx);
    const claimed = await trx
      .updateTable('receipts')
      .set({ expense_id: expense.expense_id })
      .where('receipt_id', '=', receiptId)
      .where('expense_id', 'is', null)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) throw appError('RECEIPT_ALREADY_CONVERTED');
    const next = await inboxQuery(trx, member)
      .orderBy('uploaded_time', 'asc')
      .orderBy('receipt_id', 'asc')
      .select('receipt_id as next_id')
      .executeTakeFirst();
    return { expenseId: expense.expense_id, nextReceiptId: next?.next_id ?? null };
  });
}

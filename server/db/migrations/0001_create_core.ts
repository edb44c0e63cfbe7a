import type { Kysely } from 'kysely';
import { bytesType } from './column-types.js';

/** Organisations, directory, reference data, expenses, receipts, reports, approvals, audit. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('organizations')
    .addColumn('org_id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('base_currency', 'text', (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('settings', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_time', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('user_id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.org_id'))
    .addColumn('zuid', 'text')
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('user_role', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('manager_id', 'text')
    .addColumn('department_id', 'text')
    .addColumn('employee_number', 'text')
    .addColumn('is_from_crm', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('is_from_zoho_people', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_time', 'text', (c) => c.notNull())
    .addColumn('last_modified_time', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('users_org_email').unique().on('users').columns(['org_id', 'email']).execute();
  await db.schema.createIndex('users_email').on('users').column('email').execute();

  await db.schema
    .createTable('departments')
    .addColumn('department_id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('department_name', 'text', (c) => c.notNull())
    .addColumn('head_user_id', 'text')
    .addColumn('created_time', 'text', (c) => c.notNull())
    .addColumn('last_modified_time', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('departments_org').on('departments').column('org_id').execute();

  await db.schema
    .createTable('expense_categories')
    .addColumn('category_id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('category_name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('is_enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_time', 'text', (c) => c.notNull())
    .addColumn('last_modified_time', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('expense_categories_org').on('expense_categories').column('org_id').execute();

  await db.schema
    .createTable('currencies')
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('currency_code', 'text', (c) => c.notNull())
    .addColumn('created_time', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('currencies_pk', ['org_id', 'currency_code'])
    .execute();

  await db.schema
    .createTable('exchange_rates')
    .addColumn('rate_id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('currency_code', 'text', (c) => c.notNull())
    .addColumn('effective_date', 'text', (c) => c.notNull())
    .addColumn('rate', 'text', (c) => c.notNull())
    .addColumn('created_time', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('exchange_rates_lookup')
    .unique()
    .on('exchange_rates')
    .columns(['org_id', 'currency_code', 'effective_date'])
    .execute();

  await db.schema
    .createTable('contacts')
    .addColumn('contact_id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('contact_name', 'text', (c) => c.notNull())
    .addColumn('customer_sub_type', 'text', (c) => c.notNull())
    .addColumn('first_name', 'text')
    .addColumn('last_name', 'text')
    .addColumn('email', 'text')
    .addColumn('phone', 'text')
    .addColumn('company_name', 'text')
    .addColumn('account_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .addColumn('custom_fields', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_time', 'text', (c) => c.notNull())
    .addColumn('last_modified_time', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('contacts_org_name')
    .on('contacts')
    .columns(['org_id', 'contact_name'])
    .execute();
  await db.schema
    .createIndex('contacts_org_account')
    .on('contacts')
    .columns(['org_id', 'account_id'])
    .execute();

  await db.schema
    .createTable('deals')
    .addColumn('deal_id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('deal_name', 'text', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('forecast_type', 'text', (c) => c.notNull())
    .addColumn('amount', 'bigint')
    .addColumn('currency_code', 'text', (c) => c.notNull())
    .addColumn('closing_date', 'text')
    .addColumn('owner_id', 'text')
    .addColumn('account_id', 'text')
    .addColumn('contact_id', 'text')
    .addColumn('created_time', 'text', (c) => c.notNull())
    .addColumn('last_modified_time', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('deals_org_account').on('deals').columns(['org_id', 'account_id']).execute();
  await db.schema.createIndex('deals_org_contact').on('deals').columns(['org_id', 'contact_id']).execute();
  await db.schema.createIndex('deals_org_owner').on('deals').columns(['org_id', 'owner_id']).execute();

  await db.schema
    .createTable('projects')
    .addColumn('project_id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('project_name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('customer_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .addColumn('created_time', 'text', (c) => c.notNull())
    .addColumn('last_modified_time', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('projects_org').on('projects').column('org_id').execute();

  await db.schema
    .createTable('expenses')
    .addColumn('expense_id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('category_id', 'text', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('currency_code', 'text', (c) => c.notNull())
    .addColumn('exchange_rate', 'text', (c) => c.notNull())
    .addColumn('base_amount', 'bigint', (c) => c.notNull())
    .addColumn('merchant_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('reference_number', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('is_reimbursable', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('is_billable', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('customer_id', 'text')
    .addColumn('deal_id', 'text')
    .addColumn('project_id', 'text')
    .addColumn('report_id', 'text')
    .addColumn('attendees', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('expense_type', 'text', (c) => c.notNull().defaultTo('non_mileage'))
    .addColumn('extra', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_time', 'text', (c) => c.notNull())
    .addColumn('last_modified_time', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('expenses_org_user_date')
    .on('expenses')
    .columns(['org_id', 'user_id', 'date'])
    .execute();
  await db.schema
    .createIndex('expenses_org_deal')
    .on('expenses')
    .columns(['org_id', 'deal_id', 'date'])
    .execute();
  await db.schema
    .createIndex('expenses_org_customer')
    .on('expenses')
    .columns(['org_id', 'customer_id'])
    .execute();
  await db.schema
    .createIndex('expenses_org_report')
    .on('expenses')
    .columns(['org_id', 'report_id'])
    .execute();
  await db.schema.createIndex('expenses_org_status').on('expenses').columns(['org_id', 'status']).execute();

  await db.schema
    .createTable('files')
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('bytes', bytesType(db), (c) => c.notNull())
    .addColumn('created_time', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('files_pk', ['org_id', 'sha256'])
    .execute();

  await db.schema
    .createTable('receipts')
    .addColumn('receipt_id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('expense_id', 'text')
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('uploaded_time', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('receipts_org_expense')
    .on('receipts')
    .columns(['org_id', 'expense_id'])
    .execute();
  await db.schema.createIndex('receipts_org_user').on('receipts').columns(['org_id', 'user_id']).execute();
  await db.schema.createIndex('receipts_org_sha').on('receipts').columns(['org_id', 'sha256']).execute();

  await db.schema
    .createTable('expense_reports')
    .addColumn('report_id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('report_number', 'text', (c) => c.notNull())
    .addColumn('report_name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('start_date', 'text')
    .addColumn('end_date', 'text')
    .addColumn('customer_id', 'text')
    .addColumn('deal_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('approver_id', 'text')
    .addColumn('approval_level', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('approval_flow', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('submitted_date', 'text')
    .addColumn('approved_date', 'text')
    .addColumn('reimbursement_date', 'text')
    .addColumn('created_time', 'text', (c) => c.notNull())
    .addColumn('last_modified_time', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('reports_org_user')
    .on('expense_reports')
    .columns(['org_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('reports_org_approver')
    .on('expense_reports')
    .columns(['org_id', 'approver_id', 'status'])
    .execute();
  await db.schema
    .createIndex('reports_org_customer')
    .on('expense_reports')
    .columns(['org_id', 'customer_id'])
    .execute();
  await db.schema
    .createIndex('reports_org_deal')
    .on('expense_reports')
    .columns(['org_id', 'deal_id'])
    .execute();

  await db.schema
    .createTable('approval_history')
    .addColumn('history_id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('report_id', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('approver_id', 'text')
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('comments', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('time', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('approval_history_report')
    .on('approval_history')
    .columns(['org_id', 'report_id'])
    .execute();

  await db.schema
    .createTable('approval_rules')
    .addColumn('rule_id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('min_total', 'bigint')
    .addColumn('approver_type', 'text', (c) => c.notNull())
    .addColumn('approver_user_id', 'text')
    .addColumn('created_time', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('changes', 'text', (c) => c.notNull())
    .addColumn('time', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('audit_log_pk', ['org_id', 'seq'])
    .execute();
  await db.schema
    .createIndex('audit_log_entity')
    .on('audit_log')
    .columns(['org_id', 'entity_type', 'entity_id'])
    .execute();

  await db.schema
    .createTable('idempotency_keys')
    .addColumn('org_scope', 'text', (c) => c.notNull())
    .addColumn('user_scope', 'text', (c) => c.notNull())
    .addColumn('idem_key', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('response', 'text')
    .addColumn('created_time', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['org_scope', 'user_scope', 'idem_key'])
    .execute();

  await db.schema
    .createTable('counters')
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('value', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('counters_pk', ['org_id', 'name'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'counters',
    'idempotency_keys',
    'audit_log',
    'approval_rules',
    'approval_history',
    'expense_reports',
    'receipts',
    'files',
    'expenses',
    'projects',
    'deals',
    'contacts',
    'exchange_rates',
    'currencies',
    'expense_categories',
    'departments',
    'users',
    'organizations',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}

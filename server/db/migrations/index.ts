/**
 * Every migration, in order. A static list (not a folder scan) so the set is the same under tsx,
 * a bundler and tests. Append new migrations; never edit one that has shipped.
 */
import type { Migration } from 'kysely';
import * as m0001 from './0001_create_core.js';
import * as m0002 from './0002_add_contact_creator.js';
import * as m0003 from './0003_create_per_diem.js';
import * as m0005 from './0005_index_user_zuid.js';
import * as m0006 from './0006_index_expense_pages.js';
import * as m0010 from './0010_create_sync.js';
import * as m0020 from './0020_create_analytics.js';
import * as m0021 from './0021_create_deal_rollups.js';
import * as m0030 from './0030_index_sync_links_by_local_id.js';
import * as m0040 from './0040_add_organization_modified_time.js';
import * as m0041 from './0041_index_expense_duplicates.js';
import * as m0042 from './0042_add_deal_crm_references.js';
import * as m0043 from './0043_index_contact_name_key.js';
import * as m0044 from './0044_add_contact_name_key.js';
import * as m0045 from './0045_create_expense_attendees.js';
import * as m0046 from './0046_order_customers_by_name_key.js';
import * as m0047 from './0047_notify_directory_changes.js';

export const migrations: Record<string, Migration> = {
  '0001_create_core': m0001,
  '0002_add_contact_creator': m0002,
  '0010_create_sync': m0010,
  '0003_create_per_diem': m0003,
  '0005_index_user_zuid': m0005,
  '0006_index_expense_pages': m0006,
  '0020_create_analytics': m0020,
  '0021_create_deal_rollups': m0021,
  '0030_index_sync_links_by_local_id': m0030,
  '0040_add_organization_modified_time': m0040,
  '0041_index_expense_duplicates': m0041,
  '0042_add_deal_crm_references': m0042,
  '0043_index_contact_name_key': m0043,
  '0044_add_contact_name_key': m0044,
  '0045_create_expense_attendees': m0045,
  '0046_order_customers_by_name_key': m0046,
  '0047_notify_directory_changes': m0047,
};

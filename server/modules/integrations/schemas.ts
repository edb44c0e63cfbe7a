/** TypeBox schemas of /api/v1/integrations (admin only). */
import { Type } from 'typebox';
import { IdSchema, StrictObject } from '../common-schemas.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const SystemParamsSchema = Type.Object({
  system: Type.Union([Type.Literal('crm'), Type.Literal('people')]),
});

export const ConnectQuerySchema = Type.Object({
  redirect: Type.Optional(
    Type.Union([Type.Literal('true'), Type.Literal('false')], {
      description: 'false: answer JSON with the URL instead of a 302',
    }),
  ),
});

export const CallbackQuerySchema = Type.Object({
  code: Type.Optional(Type.String({ maxLength: 2000 })),
  state: Type.Optional(Type.String({ maxLength: 4000 })),
  error: Type.Optional(Type.String({ maxLength: 500 })),
  location: Type.Optional(Type.String({ maxLength: 50 })),
  'accounts-server': Type.Optional(Type.String({ maxLength: 500 })),
});

export const ModuleStatusSchema = Type.Object({
  module: Type.String(),
  enabled: Type.Boolean(),
  state: Type.Union([
    Type.Literal('idle'),
    Type.Literal('queued'),
    Type.Literal('running'),
    Type.Literal('failed'),
  ]),
  last_status: Nullable(Type.String()),
  last_sync_time: Nullable(Type.String()),
});

const FieldMapSchema = Type.Record(Type.String({ maxLength: 80 }), Type.String({ maxLength: 80 }), {
  maxProperties: 50,
});

const DuplicateSchema = Type.Union([Type.Literal('clone'), Type.Literal('overwrite'), Type.Literal('skip')]);
const CustomersModuleSchema = Type.Union([
  Type.Literal('accounts'),
  Type.Literal('contacts'),
  Type.Literal('accounts_and_contacts'),
]);
const ExtentSchema = Type.Union([Type.Literal('fetch'), Type.Literal('two_way')]);

export const CustomersSettingsSchema = Type.Object({
  enabled: Type.Boolean(),
  configured: Type.Boolean(),
  module: CustomersModuleSchema,
  include_unassociated_contacts: Type.Boolean(),
  extent: ExtentSchema,
  duplicates: DuplicateSchema,
  account_view_id: Nullable(Type.String()),
  contact_view_id: Nullable(Type.String()),
  field_map: Type.Object({ Accounts: FieldMapSchema, Contacts: FieldMapSchema }),
  custom_fields: Type.Array(Type.String()),
});

export const IntegrationSchema = Type.Object({
  system: Type.String(),
  name: Type.String(),
  status: Type.Union([Type.Literal('not_connected'), Type.Literal('connected'), Type.Literal('disabled')]),
  connected_email: Nullable(Type.String()),
  initial_sync_time: Nullable(Type.String()),
  next_sync_time: Nullable(Type.String()),
  crm_org_id: Type.Optional(Nullable(Type.String())),
  crm_org_name: Type.Optional(Nullable(Type.String())),
  modules_enabled: Type.Optional(
    Type.Boolean({ description: 'Sync Modules: Expenses and Expense Reports are available in CRM' }),
  ),
  potentials_mode: Type.Optional(Type.Union([Type.Literal('user'), Type.Literal('all')])),
  seat_count: Type.Optional(Type.Integer()),
  open_conflicts: Type.Optional(Type.Integer()),
  settings: Type.Record(Type.String(), Type.Unknown()),
  modules: Type.Array(ModuleStatusSchema),
});

export const CrmSettingsBodySchema = StrictObject({
  users: Type.Optional(StrictObject({ enabled: Type.Optional(Type.Boolean()) })),
  customers: Type.Optional(
    StrictObject({
      enabled: Type.Optional(Type.Boolean()),
      module: Type.Optional(CustomersModuleSchema),
      include_unassociated_contacts: Type.Optional(Type.Boolean()),
      extent: Type.Optional(ExtentSchema),
      duplicates: Type.Optional(DuplicateSchema),
      account_view_id: Type.Optional(Nullable(Type.String({ maxLength: 40 }))),
      contact_view_id: Type.Optional(Nullable(Type.String({ maxLength: 40 }))),
      field_map: Type.Optional(
        StrictObject({ Accounts: Type.Optional(FieldMapSchema), Contacts: Type.Optional(FieldMapSchema) }),
      ),
    }),
  ),
  deals: Type.Optional(StrictObject({ enabled: Type.Optional(Type.Boolean()) })),
  modules_enabled: Type.Optional(Type.Boolean()),
  potentials_mode: Type.Optional(Type.Union([Type.Literal('user'), Type.Literal('all')])),
  sync_now: Type.Optional(
    Type.Boolean({ description: 'true: Save and Sync; false or absent: Save and Sync Later' }),
  ),
});

const Toggle = StrictObject({ enabled: Type.Optional(Type.Boolean()) });

export const PeopleSettingsBodySchema = StrictObject({
  departments: Type.Optional(Toggle),
  users: Type.Optional(
    StrictObject({ enabled: Type.Optional(Type.Boolean()), field_map: Type.Optional(FieldMapSchema) }),
  ),
  clients: Type.Optional(Toggle),
  projects: Type.Optional(Toggle),
  sync_now: Type.Optional(Type.Boolean()),
});

export const SyncBodySchema = Type.Union([
  StrictObject({ module: Type.Optional(Type.String({ maxLength: 40 })) }),
  Type.Null(),
]);

export const HistoryQuerySchema = Type.Object({
  module: Type.Optional(Type.String({ maxLength: 40 })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000 })),
  per_page: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
});

export const SyncRunSchema = Type.Object({
  run_id: Type.String(),
  module: Type.String(),
  trigger: Type.String(),
  status: Type.String(),
  started_time: Type.String(),
  ended_time: Nullable(Type.String()),
  fetched: Type.Integer(),
  created: Type.Integer(),
  updated: Type.Integer(),
  skipped: Type.Integer(),
  duplicates: Type.Integer(),
  conflicts: Type.Integer(),
  failed: Type.Integer(),
  deleted: Type.Integer(),
  message: Nullable(Type.String()),
  failures: Type.Array(Type.Object({ external_id: Type.String(), reason: Type.String() })),
});

export const DeleteQuerySchema = Type.Object({
  conversion: Type.Union([Type.Literal('all'), Type.Literal('with_transactions')], {
    description:
      'all: every synced record becomes a DealSpend record; with_transactions: only records with transactions are kept',
  }),
});

export const CrmOrgSchema = Type.Object({
  crm_org_id: Type.String(),
  company_name: Type.String(),
  currency_code: Nullable(Type.String()),
  selected: Type.Boolean(),
});

export const SelectOrgBodySchema = StrictObject({
  crm_org_id: Type.String({ minLength: 1, maxLength: 40, pattern: '^[0-9A-Za-z_-]+$' }),
});

export const CrmModuleQuerySchema = Type.Object({
  module: Type.Union([Type.Literal('Accounts'), Type.Literal('Contacts')]),
});

export const ViewSchema = Type.Object({
  view_id: Type.String(),
  name: Type.String(),
  system_defined: Type.Boolean(),
  is_default: Type.Boolean(),
});

export const FieldsSchema = Type.Object({
  crm_fields: Type.Array(
    Type.Object({
      api_name: Type.String(),
      label: Type.String(),
      data_type: Type.String(),
      custom: Type.Boolean(),
    }),
  ),
  dealspend_fields: Type.Array(Type.String()),
  dealspend_field_labels: Type.Record(Type.String(), Type.String(), {
    description:
      'Each of dealspend_fields as the admin knows it (email: Email, custom:Region: Region), the names the conflicts list uses too',
  }),
  field_map: FieldMapSchema,
});

export const ImportableUserSchema = Type.Object({
  crm_user_id: Type.String(),
  name: Type.String(),
  email: Type.String(),
  crm_role: Nullable(Type.String()),
  crm_status: Type.String(),
});

export const ImportUsersBodySchema = StrictObject({
  users: Type.Array(
    StrictObject({
      crm_user_id: IdSchema,
      user_role: Type.Union([Type.Literal('submitter'), Type.Literal('approver'), Type.Literal('admin')]),
    }),
    { minItems: 1, maxItems: 200 },
  ),
});

export const SyncModulesSchema = Type.Object({
  integration: Type.Union([Type.Literal('none'), Type.Literal('connected'), Type.Literal('disabled')], {
    description: 'none: DealSpend is used without a Zoho CRM integration, so nothing is gated',
  }),
  enabled: Type.Boolean({ description: 'an admin pressed Enable under Sync Modules' }),
});

export const SearchQuerySchema = Type.Object({
  type: Type.Union([Type.Literal('contacts'), Type.Literal('accounts')]),
  q: Type.String({ minLength: 1, maxLength: 100 }),
});

const HitFields = {
  module: Type.Union([Type.Literal('Accounts'), Type.Literal('Contacts')]),
  crm_id: Type.String(),
  name: Type.String(),
  email: Nullable(Type.String()),
  account_name: Nullable(Type.String()),
  customer_id: Nullable(Type.String()),
};
export const SearchHitSchema = Type.Object({
  ...HitFields,
  contacts: Type.Optional(Type.Array(Type.Object(HitFields))),
});

export const ImportRecordBodySchema = StrictObject({
  module: Type.Union([Type.Literal('Accounts'), Type.Literal('Contacts')]),
  id: IdSchema,
});

export const ConflictSchema = Type.Object({
  conflict_id: Type.String(),
  module: Type.String(),
  external_id: Type.String(),
  local_id: Type.String(),
  contact_name: Nullable(Type.String()),
  field: Type.String({
    description:
      "The customer field's key (a mapped field, contact_name, company_name, a contact's account_id, or custom:<name>); for support",
  }),
  field_label: Type.String({
    description:
      "The field as the admin knows it, to show instead of `field`: DealSpend's label for a built-in field (account_id: Account, first_name: First name), a custom field's name, or, for a custom field the organisation no longer defines, the label of the Zoho CRM field mapped to it",
  }),
  local_value: Nullable(
    Type.String({ description: "DealSpend's value (for account_id, the account's name)" }),
  ),
  remote_value: Nullable(
    Type.String({ description: "Zoho CRM's value (for account_id, the account's name)" }),
  ),
  status: Type.String(),
  resolution: Nullable(Type.String()),
  detected_time: Type.String(),
  resolved_time: Nullable(Type.String()),
});

export const ConflictsQuerySchema = Type.Object({
  status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('resolved')])),
});
export const ResolveBodySchema = StrictObject({
  keep: Type.Union([Type.Literal('local'), Type.Literal('remote')]),
});

export const NotificationSchema = Type.Object({
  notification_id: Type.String(),
  kind: Type.String(),
  message: Type.String(),
  created_time: Type.String(),
  read_time: Nullable(Type.String()),
});

/**
 * Custom views per module, as GET /settings/custom_views?module= returns them (zoho/crm-oas v8.0
 * custom_views.json): the predefined "All <Module>" and "My <Module>" views plus, on Accounts and
 * Contacts, the user view "Zoho Expense" whose criteria is the Zoho_Expense checkbox. `cvid` on a
 * list call applies the view's filter.
 */
import { crmId, ID_KIND } from '../data/seed.js';
import type { CrmRecord, CrmUser } from '../data/seed-types.js';
import type { CrmOrgState } from './crm-store.js';
import { MODULE_NAMES, type ModuleName } from './module-meta.js';

export interface CustomView {
  id: string;
  name: string;
  display_value: string;
  system_name: string | null;
  category: 'public_views' | 'created_by_me' | 'shared_with_me' | 'other_users_views';
  default: boolean;
  system_defined: boolean;
  favorite: number | null;
  offline: boolean;
  access_type: 'public' | 'only_to_me' | 'shared';
  criteria: Record<string, unknown> | null;
  sort_by: { api_name: string; id: string } | null;
  sort_order: 'asc' | 'desc' | null;
  fields: { api_name: string; id: string }[];
  created_by: { name: string; id: string } | null;
  modified_by: { name: string; id: string } | null;
  module: { api_name: ModuleName; id: string };
  /** Not on the wire: the filter the view applies for a given user. */
  filter: (user: CrmUser) => ((r: CrmRecord) => boolean) | undefined;
}

/** Zoho's placeholder for the signed-in user in view criteria. */
const CURRENT_USER = '$' + '{CURRENTUSER}';

const SYSTEM_ALL: Record<ModuleName, string> = {
  Accounts: 'ALLVIEWS',
  Contacts: 'ALLVIEWS',
  Deals: 'ALLVIEWS',
};
const SYSTEM_MY: Record<ModuleName, string> = {
  Accounts: 'MYACCOUNTS',
  Contacts: 'MYCONTACTS',
  Deals: 'MYPOTENTIALS',
};

export function customViewsFor(org: CrmOrgState, module: ModuleName): CustomView[] {
  const base = MODULE_NAMES.indexOf(module) * 10;
  const admin = org.users.find((u) => u.profile.name === 'Administrator') ?? org.users[0]!;
  const moduleRef = { api_name: module, id: `${org.idPrefix}0000000${base}` };
  const common = {
    favorite: null,
    offline: false,
    sort_by: null,
    sort_order: null,
    module: moduleRef,
  } as const;
  const views: CustomView[] = [
    {
      ...common,
      id: crmId(org.idPrefix, ID_KIND.view, base + 1),
      name: `All ${module}`,
      display_value: `All ${module}`,
      system_name: SYSTEM_ALL[module],
      category: 'public_views',
      default: true,
      system_defined: true,
      access_type: 'public',
      criteria: null,
      fields: [],
      created_by: null,
      modified_by: null,
      filter: () => undefined,
    },
    {
      ...common,
      id: crmId(org.idPrefix, ID_KIND.view, base + 2),
      name: `My ${module}`,
      display_value: `My ${module}`,
      system_name: SYSTEM_MY[module],
      category: 'public_views',
      default: false,
      system_defined: true,
      access_type: 'public',
      criteria: {
        comparator: 'equal',
        field: { api_name: 'Owner', id: `${org.idPrefix}0000000${base}1` },
        value: CURRENT_USER,
      },
      fields: [],
      created_by: null,
      modified_by: null,
      filter: (user) => (r) => r.Owner?.id === user.id,
    },
  ];
  if (module === 'Accounts' || module === 'Contacts') {
    views.push({
      ...common,
      id: crmId(org.idPrefix, ID_KIND.view, base + 3),
      name: 'Zoho Expense',
      display_value: 'Zoho Expense',
      system_name: null,
      category: 'created_by_me',
      default: false,
      system_defined: false,
      access_type: 'public',
      criteria: {
        comparator: 'equal',
        field: { api_name: 'Zoho_Expense', id: `${org.idPrefix}0000000${base}2` },
        value: true,
      },
      fields: [],
      created_by: { name: admin.full_name, id: admin.id },
      modified_by: { name: admin.full_name, id: admin.id },
      filter: () => (r) => r.Zoho_Expense === true,
    });
  }
  return views;
}

/** The view as served: everything but the filter function. */
export function viewJson(view: CustomView): Omit<CustomView, 'filter'> {
  const { filter: _filter, ...rest } = view;
  return rest;
}

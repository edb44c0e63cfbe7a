/**
 * Settings › Departments, categories and currencies: what an admin may add and delete. The server
 * refuses a record still in use (409, naming what uses it); that message is shown on the record's
 * list. A refused addition is answered to its form, which keeps what the admin typed.
 */
import { action, computed, createModel, signal } from '@preact/signals';
import type { Currency } from '../../../server/modules/currencies/schemas.js';
import type { Department } from '../../../server/modules/departments/schemas.js';
import type { Category } from '../../../server/modules/expense-categories/schemas.js';
import { readAllPages } from '../../api/all-pages.js';
import type { ApiClient } from '../../api/client.js';
import { describeError } from '../expenses/describe-error.js';

export type ReferenceKind = 'department' | 'category' | 'currency';

/** One row of a list: what it is called, a short detail, and whether it may be deleted at all. */
export interface ReferenceItem {
  id: string;
  name: string;
  detail: string;
  deletable: boolean;
  /** Categories only: whether new expenses may use it (a used category is disabled, not deleted). */
  enabled?: boolean;
}

/** What the Add form of each kind sends: a name, or a currency code with its optional rate. */
export type ReferenceDraft =
  | { kind: 'department'; name: string }
  | { kind: 'category'; name: string }
  | { kind: 'currency'; code: string; rate: string };

function addBody(d: ReferenceDraft): { body: object; name: string } {
  switch (d.kind) {
    case 'department':
      return { body: { department_name: d.name.trim() }, name: d.name.trim() };
    case 'category':
      return { body: { category_name: d.name.trim() }, name: d.name.trim() };
    case 'currency': {
      const code = d.code.trim().toUpperCase();
      const rate = d.rate.trim();
      // The rate goes as typed (a decimal string): the server parses it exactly, with no float.
      return {
        body: rate ? { currency_code: code, exchange_rate: rate } : { currency_code: code },
        name: code,
      };
    }
  }
}

const PATHS: Record<ReferenceKind, string> = {
  department: '/api/v1/departments',
  category: '/api/v1/expensecategories',
  currency: '/api/v1/settings/currencies',
};

/** The word for one record of a kind, in a sentence ("The department … has been deleted."). */
export const KIND_NAMES: Record<ReferenceKind, string> = {
  department: 'department',
  category: 'expense category',
  currency: 'currency',
};

async function fetchItems(api: ApiClient, kind: ReferenceKind): Promise<ReferenceItem[]> {
  switch (kind) {
    case 'department': {
      const departments = await readAllPages<Department>(api, PATHS.department, 'departments');
      return departments.map((d) => ({
        id: d.department_id,
        name: d.department_name,
        detail: d.head_user_name ? `Head: ${d.head_user_name}` : '',
        deletable: true,
      }));
    }
    case 'category': {
      const categories = await readAllPages<Category>(api, PATHS.category, 'expense_categories');
      return categories.map((c) => ({
        id: c.category_id,
        name: c.category_name,
        detail: c.is_enabled ? '' : 'Disabled',
        deletable: true,
        enabled: c.is_enabled,
      }));
    }
    case 'currency': {
      const r = await api.get<{ currencies: Currency[] }>(PATHS.currency);
      // The base currency is never deleted, so it gets no Delete button.
      return r.currencies.map((c) => ({
        id: c.currency_code,
        name: c.currency_code,
        detail: c.is_base_currency ? 'Base currency' : '',
        deletable: !c.is_base_currency,
      }));
    }
  }
}

export const ReferenceDataModel = createModel((api: ApiClient) => {
  const items = {
    department: signal<ReferenceItem[]>([], { name: 'reference.departments' }),
    category: signal<ReferenceItem[]>([], { name: 'reference.categories' }),
    currency: signal<ReferenceItem[]>([], { name: 'reference.currencies' }),
  };
  /** Per list: why it could not load, or why the last delete was refused. */
  const problems = signal<Partial<Record<ReferenceKind, string>>>({}, { name: 'reference.problems' });
  const notice = signal<string | null>(null, { name: 'reference.notice' });
  const loading = signal(true, { name: 'reference.loading' });
  /** The base currency's code: the one currency that cannot be deleted. */
  const baseCurrency = computed(() => items.currency.value.find((c) => !c.deletable)?.name);

  function setProblem(kind: ReferenceKind, message: string | null) {
    const next = { ...problems.value };
    if (message) next[kind] = message;
    else delete next[kind];
    problems.value = next;
  }

  async function loadKind(kind: ReferenceKind): Promise<void> {
    try {
      items[kind].value = await fetchItems(api, kind);
      setProblem(kind, null);
    } catch (e) {
      setProblem(kind, describeError(e));
    }
  }

  return {
    items,
    problems,
    notice,
    loading,
    baseCurrency,
    load: action(async () => {
      loading.value = true;
      await Promise.all((['department', 'category', 'currency'] as const).map(loadKind));
      loading.value = false;
    }),
    /**
     * Adds one record and reads its list again (the server orders it).
     * @returns null when it was added, else why not (the form shows it and keeps its input).
     */
    add: action(async (draft: ReferenceDraft): Promise<string | null> => {
      notice.value = null;
      const { body, name } = addBody(draft);
      try {
        await api.post(PATHS[draft.kind], body);
      } catch (e) {
        return describeError(e);
      }
      await loadKind(draft.kind);
      notice.value = `The ${KIND_NAMES[draft.kind]} "${name}" has been added.`;
      return null;
    }),
    /** Enables or disables a category; a refusal stays on its list. */
    setEnabled: action(async (item: ReferenceItem, enabled: boolean): Promise<void> => {
      notice.value = null;
      const verb = enabled ? 'enable' : 'disable';
      try {
        await api.post(`${PATHS.category}/${encodeURIComponent(item.id)}/${verb}`, {});
      } catch (e) {
        setProblem('category', describeError(e));
        return;
      }
      await loadKind('category');
      notice.value = `The expense category "${item.name}" has been ${verb}d.`;
    }),
    /** Deletes one record; a refusal (in use, offline) stays on its list and nothing is removed. */
    remove: action(async (kind: ReferenceKind, item: ReferenceItem): Promise<boolean> => {
      notice.value = null;
      try {
        await api.del(`${PATHS[kind]}/${encodeURIComponent(item.id)}`);
      } catch (e) {
        setProblem(kind, describeError(e));
        return false;
      }
      items[kind].value = items[kind].value.filter((i) => i.id !== item.id);
      setProblem(kind, null);
      notice.value = `The ${KIND_NAMES[kind]} "${item.name}" has been deleted.`;
      return true;
    }),
  };
});

export type ReferenceDataModelType = InstanceType<typeof ReferenceDataModel>;

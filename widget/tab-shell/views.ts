import type { ComponentType } from 'preact';
import type { ViewName } from '../ui/app-context.js';

export interface ViewEntry {
  name: ViewName;
  label: string;
  /** Who sees it in the navigation. */
  roles: readonly string[] | 'all';
  /** Part of the Expenses and Expense Reports modules, which an admin enables under Sync Modules. */
  syncModule?: true;
}

/** The tab's navigation, in order. */
export const VIEWS: readonly ViewEntry[] = [
  { name: 'expenses', label: 'Expenses', roles: 'all', syncModule: true },
  { name: 'receipts', label: 'Receipts', roles: 'all', syncModule: true },
  { name: 'reports', label: 'Reports', roles: 'all', syncModule: true },
  { name: 'approvals', label: 'Approvals', roles: ['approver', 'admin'], syncModule: true },
  { name: 'analytics', label: 'Analytics', roles: 'all' },
  { name: 'settings', label: 'Settings', roles: ['admin'] },
];

export function viewsFor(role: string): ViewEntry[] {
  return VIEWS.filter((v) => v.roles === 'all' || v.roles.includes(role));
}

type ViewModule = { default: ComponentType };

// One lazy chunk per view: Vite splits each `<name>-view.tsx` out of the tab's initial bundle.
const modules = import.meta.glob<ViewModule>('../features/*/*-view.tsx');

/** Loads a view's default export; null when that view's file is not there. */
export async function loadView(name: ViewName): Promise<ComponentType | null> {
  const load = modules[`../features/${name}/${name}-view.tsx`];
  if (!load) return null;
  return (await load()).default;
}

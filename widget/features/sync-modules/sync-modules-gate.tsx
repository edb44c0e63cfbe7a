import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { ApiClient } from '../../api/client.js';
import { EmptyState } from '../../ui/empty-state.js';

interface SyncModulesState {
  integration: 'none' | 'connected' | 'disabled';
  enabled: boolean;
}

/**
 * Whether the Expenses and Expense Reports modules are switched off in Zoho CRM: a CRM integration
 * exists and no admin has pressed Enable under Sync Modules. An answer that does not come (offline,
 * say) never hides anything, so what a user entered stays within reach.
 */
export async function syncModulesOff(api: ApiClient): Promise<boolean> {
  try {
    const r = await api.get<{ sync_modules: SyncModulesState }>('/api/v1/integrations/crm/modules');
    return r.sync_modules.integration !== 'none' && !r.sync_modules.enabled;
  } catch {
    return false;
  }
}

/**
 * Shows its children, or, once the server says the modules are off, says so instead. Asked on each
 * mount (a view opened after an admin enabled them sees them), and never waited for: the children
 * render at once, from the outbox and cache when offline.
 */
export function SyncModulesGate({ api, children }: { api: ApiClient; children: ComponentChildren }) {
  const [off, setOff] = useState(false);
  useEffect(() => {
    let live = true;
    void syncModulesOff(api).then((v) => {
      if (live) setOff(v);
    });
    return () => {
      live = false;
    };
  }, [api]);
  if (!off) return <>{children}</>;
  return (
    <EmptyState title="The Expenses and Expense Reports modules are not enabled in Zoho CRM yet.">
      <p>An admin can enable them in the DealSpend tab, under Settings › Zoho CRM › Sync Modules.</p>
    </EmptyState>
  );
}

import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../../../widget/api/client.js';
import { ConflictsDialog } from '../../../../widget/features/settings/conflicts-dialog.js';
import { SettingsModel } from '../../../../widget/features/settings/model.js';
import type { Conflict } from '../../../../widget/features/settings/types.js';
import { focusableIn } from '../../../../widget/ui/focusable.js';
import { button, click, fakeApi, mount, ok, settle } from '../expenses/fake-api.js';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

function conflict(
  over: Partial<Conflict> & Pick<Conflict, 'conflict_id' | 'field' | 'field_label'>,
): Conflict {
  return { contact_name: 'Acme Corp', local_value: 'DealSpend side', remote_value: 'CRM side', ...over };
}

const THREE = [
  conflict({
    conflict_id: 'c1',
    field: 'account_id',
    field_label: 'Account',
    contact_name: 'Mary Lee',
    local_value: 'Zylker Ltd',
    remote_value: 'Zylker Inc',
  }),
  conflict({ conflict_id: 'c2', field: 'custom:cf_region', field_label: 'Region', local_value: 'East' }),
  conflict({ conflict_id: 'c3', field: 'first_name', field_label: 'First name', remote_value: null }),
];

/** The dialog over a fake server whose open conflicts are `state.list`; resolving removes one. */
function open(state: { list: Conflict[] }, opts: { resolve?: { status: number; body: unknown } } = {}) {
  const server = fakeApi({
    'GET /api/v1/integrations/crm': ok({ integration: { system: 'crm' } }),
    'GET /api/v1/integrations/people': ok({ integration: { system: 'people' } }),
    'GET /api/v1/integrations/crm/conflicts': () => ok({ conflicts: state.list }),
  });
  for (const c of state.list) {
    server.routes[`POST /api/v1/integrations/crm/conflicts/${c.conflict_id}/resolve`] = () => {
      if (opts.resolve) return opts.resolve;
      state.list = state.list.filter((x) => x.conflict_id !== c.conflict_id);
      return ok({});
    };
  }
  /** Resolves wait for `release()`, so a test can look at the dialog while one is under way. */
  let release = () => {};
  const held = new Promise<void>((r) => {
    release = r;
  });
  const api: ApiClient = { ...server.api, post: (...a) => held.then(() => server.api.post(...a)) };
  const closed: string[] = [];
  const model = new SettingsModel(api);
  const view = mount(<ConflictsDialog model={model} onClose={() => closed.push('closed')} />, { api });
  cleanup = view.unmount;
  return { view, server, closed, release };
}

const text = (el: Element | null) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
/** Each conflict's description (what its buttons are described by). */
const rows = (root: HTMLElement) => Array.from(root.querySelectorAll('li > p:first-child')).map(text);

function press(key: string) {
  act(() => {
    (document.activeElement ?? document.body).dispatchEvent(
      new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }),
    );
  });
}

describe('Settings › Sync conflicts', () => {
  it("names each field as the admin knows it, keeping the field's key in its tooltip", async () => {
    const { view } = open({ list: THREE });
    await settle();
    expect(rows(view.root)).toEqual([
      'Mary Lee, Account: DealSpend “Zylker Ltd”, Zoho CRM “Zylker Inc”',
      'Acme Corp, Region: DealSpend “East”, Zoho CRM “CRM side”',
      'Acme Corp, First name: DealSpend “DealSpend side”, Zoho CRM empty',
    ]);
    expect(view.root.textContent).not.toMatch(/account_id|cf_region|first_name/);
    const fields = Array.from(view.root.querySelectorAll('[title]')).map((el) => [
      el.textContent,
      el.getAttribute('title'),
    ]);
    expect(fields).toEqual([
      ['Account', 'Field key: account_id'],
      ['Region', 'Field key: custom:cf_region'],
      ['First name', 'Field key: first_name'],
    ]);
  });

  it('opens on the first conflict, every button is reachable with Tab, and Escape closes', async () => {
    const { view, closed } = open({ list: THREE });
    await settle();
    const dialog = view.root.querySelector<HTMLElement>('[role="dialog"]')!;
    expect(document.activeElement).toBe(button(view.root, 'Keep DealSpend value'));
    const keeps = focusableIn(dialog).filter((b) => b.textContent?.startsWith('Keep '));
    expect(keeps).toHaveLength(6);
    // Each says which conflict it resolves.
    expect(text(document.getElementById(keeps[2]!.getAttribute('aria-describedby')!))).toMatch(
      /^Acme Corp, Region:/,
    );
    press('Escape');
    expect(closed).toEqual(['closed']);
  });

  it('with no conflicts it says so, keeps focus inside, and Escape closes', async () => {
    const { view, closed } = open({ list: [] });
    await settle();
    expect(text(view.root.querySelector('.ds-empty__title'))).toBe('There are no conflicts to resolve.');
    expect(view.root.querySelector('[role="dialog"]')!.contains(document.activeElement)).toBe(true);
    press('Escape');
    expect(closed).toEqual(['closed']);
  });

  it('keeping a value shows progress, then what was kept; the conflict leaves and focus moves to the next', async () => {
    const state = { list: [...THREE] };
    const { view, release } = open(state);
    await settle();
    click(view.root.querySelectorAll<HTMLButtonElement>('li')[1]!.querySelectorAll('button')[1]!);
    await settle();
    const status = () => text(view.root.querySelector('[role="status"]'));
    expect(status()).toBe('Keeping the Zoho CRM value of Region for Acme Corp…');
    expect(button(view.root, 'Keeping the Zoho CRM value…').getAttribute('aria-disabled')).toBe('true');
    release();
    await settle();
    expect(status()).toBe('Kept the Zoho CRM value of Region for Acme Corp.');
    expect(rows(view.root)).toHaveLength(2);
    expect(rows(view.root)).toEqual([
      expect.stringMatching(/^Mary Lee, Account:/),
      expect.stringMatching(/^Acme Corp, First name:/),
    ]);
    const next = view.root.querySelectorAll('li')[1]!;
    expect(document.activeElement).toBe(next.querySelector('button'));
    expect(view.root.querySelector('[role="alert"]')).toBeNull();
  });

  it('a refused resolve says why in plain English and keeps the conflict', async () => {
    const { view, release } = open(
      { list: [...THREE] },
      {
        resolve: {
          status: 404,
          body: { code: 6408, message: 'The sync conflict does not exist or has already been resolved.' },
        },
      },
    );
    await settle();
    release();
    click(button(view.root, 'Keep DealSpend value'));
    await settle();
    expect(text(view.root.querySelector('[role="alert"]'))).toBe(
      'Could not keep the DealSpend value of Account for Mary Lee. The sync conflict does not exist or has already been resolved.',
    );
    expect(rows(view.root)).toHaveLength(3);
    expect(document.activeElement).toBe(button(view.root, 'Keep DealSpend value'));
  });
});

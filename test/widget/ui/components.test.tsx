import { render } from 'preact';
import { useState } from 'preact/hooks';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Dialog } from '../../../widget/ui/dialog.js';
import { Field } from '../../../widget/ui/field.js';
import { formatMoney } from '../../../widget/ui/format-money.js';
import { Table } from '../../../widget/ui/table.js';

let root: HTMLElement;
beforeEach(() => {
  root = document.createElement('div');
  document.body.appendChild(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
});

describe('formatMoney', () => {
  it('uses each currency’s own decimals', () => {
    expect(formatMoney('1234.5', 'USD', 'en-US')).toBe('$1,234.50');
    expect(formatMoney('1234', 'JPY', 'en-US')).toBe('¥1,234');
    expect(formatMoney('1.234', 'KWD', 'en-US')).toMatch(/1\.234/);
  });
  it('shows the raw amount and code for an unknown currency instead of throwing', () => {
    expect(formatMoney('5', 'NOPE1', 'en-US')).toBe('5 NOPE1');
  });
});

describe('Field', () => {
  it('labels the control and ties the error to it', () => {
    act(() => {
      render(
        <Field label="Amount" error="Enter an amount">
          {(p) => <input {...p} />}
        </Field>,
        root,
      );
    });
    const input = root.querySelector('input')!;
    const label = root.querySelector('label')!;
    expect(label.getAttribute('for')).toBe(input.id);
    expect(input.getAttribute('aria-invalid')).toBe('true');
    const describedBy = input.getAttribute('aria-describedby')!;
    expect(root.querySelector(`[id="${describedBy}"]`)!.textContent).toBe('Enter an amount');
  });
});

describe('Dialog', () => {
  it('moves focus in, keeps Tab inside, closes on Escape and gives focus back', () => {
    const onClose = vi.fn();
    const opener = document.createElement('button');
    document.body.appendChild(opener);
    opener.focus();
    act(() => {
      render(
        <Dialog title="New Expense" onClose={onClose} footer={<button type="button">Save</button>}>
          <input aria-label="Merchant" />
        </Dialog>,
        root,
      );
    });
    const dialog = root.querySelector('[role="dialog"]') as HTMLElement;
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    const merchant = root.querySelector('input')!;
    expect(document.activeElement).toBe(merchant);
    const save = root.querySelector('footer button') as HTMLElement;
    save.focus();
    const tab = new KeyboardEvent('keydown', { key: 'Tab', bubbles: true, cancelable: true });
    save.dispatchEvent(tab);
    expect(tab.defaultPrevented).toBe(true);
    expect(document.activeElement?.getAttribute('aria-label')).toBe('Close');
    dialog.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(onClose).toHaveBeenCalledTimes(1);
    act(() => render(null, root));
    expect(document.activeElement).toBe(opener);
    opener.remove();
  });
});

describe('Table', () => {
  function Harness() {
    const [sel, setSel] = useState<Set<string>>(new Set());
    return (
      <Table
        caption="Expenses"
        rows={[{ id: 'a' }, { id: 'b' }]}
        rowKey={(r) => r.id}
        rowLabel={(r) => `row ${r.id}`}
        columns={[{ key: 'id', header: 'Id', render: (r) => r.id }]}
        selected={sel}
        onSelectionChange={setSel}
      />
    );
  }
  it('selects one row, then all rows with the header box', () => {
    act(() => render(<Harness />, root));
    const rowBox = root.querySelector('input[aria-label="Select row a"]') as HTMLInputElement;
    act(() => rowBox.click());
    expect(rowBox.checked).toBe(true);
    const all = root.querySelector('input[aria-label="Select all"]') as HTMLInputElement;
    expect(all.checked).toBe(false);
    act(() => all.click());
    expect(Array.from(root.querySelectorAll<HTMLInputElement>('tbody input')).every((i) => i.checked)).toBe(
      true,
    );
  });

  it('keeps a nowrap column on one line and right-aligns an end column, header and cells alike', () => {
    act(() =>
      render(
        <Table
          caption="Expenses"
          rows={[{ date: '2026-12-05', amount: '4.20', note: 'Taxi' }]}
          rowKey={(r) => r.date}
          columns={[
            { key: 'date', header: 'Date', nowrap: true, render: (r) => r.date },
            { key: 'amount', header: 'Amount', align: 'end', render: (r) => r.amount },
            { key: 'note', header: 'Note', render: (r) => r.note },
          ]}
        />,
        root,
      ),
    );
    const classes = (sel: string) =>
      Array.from(root.querySelectorAll(sel)).map((c) => c.getAttribute('class'));
    expect(classes('thead th')).toEqual(['ds-nowrap', 'ds-num', null]);
    expect(classes('tbody td')).toEqual(['ds-nowrap', 'ds-num', null]);
  });
});

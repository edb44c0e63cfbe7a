import { afterEach, describe, expect, it } from 'vitest';
import ReceiptsView from '../../../../widget/features/receipts/receipts-view.js';
import {
  button,
  byLabel,
  click,
  fakeApi,
  mount,
  ok,
  page,
  pagedRoute,
  settle,
  type,
} from '../expenses/fake-api.js';
import { referenceRoutes, savedExpense } from '../expenses/reference-routes.js';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

const receipt = (id: string, name: string) => ({
  receipt_id: id,
  expense_id: null,
  user_id: 'u-rep',
  file_name: name,
  content_type: 'image/png',
  size: 2048,
  uploaded_time: '2026-03-01T09:00:00Z',
  duplicate_of: [],
});

function fill(root: HTMLElement) {
  type(byLabel(root, 'Category'), 'c-meals');
  type(byLabel(root, 'Amount'), '18');
}

async function open(routes: Parameters<typeof fakeApi>[0] = {}) {
  const server = fakeApi({
    ...referenceRoutes(),
    'GET /api/v1/receipts': ok({
      receipts: [receipt('rc1', 'taxi.png'), receipt('rc2', 'lunch.png')],
      page_context: page,
    }),
    'POST /api/v1/receipts/rc1/convert': ok({
      expense: savedExpense({ expense_id: 'e1' }),
      next_receipt_id: 'rc2',
    }),
    'POST /api/v1/receipts/rc2/convert': ok({
      expense: savedExpense({ expense_id: 'e2' }),
      next_receipt_id: null,
    }),
    ...routes,
  });
  const view = mount(<ReceiptsView />, { api: server.api });
  cleanup = view.unmount;
  await settle();
  return { server, root: view.root };
}

describe('Receipts inbox', () => {
  it('View lists the receipts not yet converted, each with Add Manually', async () => {
    const { root } = await open();
    expect(root.textContent).toContain('taxi.png');
    expect(root.textContent).toContain('lunch.png');
    expect(root.querySelectorAll('button[aria-label^="Add Manually"]')).toHaveLength(2);
  });

  it('lists every waiting receipt, past the first page, with its size in bytes, KB or MB', async () => {
    const many = Array.from({ length: 230 }, (_, i) => ({
      ...receipt(`rc${i}`, `scan-${i}.png`),
      size: i === 0 ? 70 : i === 1 ? 3 * 1024 * 1024 : 2048,
    }));
    const { root } = await open({ 'GET /api/v1/receipts': pagedRoute('receipts', many) });
    expect(root.querySelectorAll('button[aria-label^="Add Manually"]')).toHaveLength(230);
    expect(root.textContent).toContain('scan-229.png');
    const sizes = Array.from(root.querySelectorAll('tbody tr')).map((tr) => tr.children[2]?.textContent);
    expect(sizes.slice(0, 3)).toEqual(['70 bytes', '3.0 MB', '2 KB']);
  });

  it('Add Manually opens the form beside the receipt; Save and Next converts it and moves to the next', async () => {
    const { root, server } = await open();
    click(root.querySelector<HTMLButtonElement>('button[aria-label="Add Manually: taxi.png"]')!);
    await settle();
    expect(root.querySelector('figcaption')?.textContent).toContain('taxi.png');
    fill(root);
    click(button(root, 'Save and Next'));
    await settle();
    expect(server.callsTo('POST /api/v1/receipts/rc1/convert')[0]?.body).toMatchObject({
      category_id: 'c-meals',
      amount: 18,
    });
    expect(root.querySelector('figcaption')?.textContent).toContain('lunch.png');
    expect(byLabel(root, 'Amount').value).toBe('');
    fill(root);
    click(button(root, 'Save and Close'));
    await settle();
    expect(server.callsTo('POST /api/v1/receipts/rc2/convert')).toHaveLength(1);
    expect(root.querySelector('figcaption')).toBeNull();
    expect(root.textContent).toContain('No receipts waiting.');
  });

  it('uploads the chosen files to the inbox and names a file it refused', async () => {
    const { root, server } = await open({
      'POST /api/v1/receipts': ok({ receipt: receipt('rc3', 'hotel.pdf') }),
    });
    const input = byLabel(root, 'Upload receipts');
    const files = [
      new File(['%PDF'], 'hotel.pdf', { type: 'application/pdf' }),
      new File(['x'], 'notes.txt'),
    ];
    Object.defineProperty(input, 'files', { value: files, configurable: true });
    input.dispatchEvent(new Event('change', { bubbles: true }));
    await settle();
    expect(server.callsTo('POST /api/v1/receipts').map((c) => c.fileName)).toEqual(['hotel.pdf']);
    expect(root.textContent).toContain('hotel.pdf');
    expect(root.textContent).toContain('notes.txt is not a supported receipt');
  });
});

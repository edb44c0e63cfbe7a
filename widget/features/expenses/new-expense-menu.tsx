import { useId, useRef, useState } from 'preact/hooks';
import { Button } from '../../ui/button.js';

export type NewExpenseKind = 'expense' | 'perdiem' | 'bulk';

const ITEMS: { kind: NewExpenseKind; label: string }[] = [
  { kind: 'expense', label: 'New Expense' },
  { kind: 'perdiem', label: 'Per Diem' },
  { kind: 'bulk', label: 'Bulk Add Expenses' },
];

/** "+ New Expense" with its dropdown (New Expense, Per Diem, Bulk Add Expenses); arrow keys move, Escape closes. */
export function NewExpenseMenu({ onChoose }: { onChoose: (kind: NewExpenseKind) => void }) {
  const [open, setOpen] = useState(false);
  const listRef = useRef<HTMLDivElement>(null);
  const buttonId = useId();

  const items = () => Array.from(listRef.current?.querySelectorAll<HTMLButtonElement>('button') ?? []);
  function openMenu() {
    setOpen(true);
    requestAnimationFrame(() => items()[0]?.focus());
  }
  function onKeyDown(e: KeyboardEvent) {
    const all = items();
    const at = all.indexOf(document.activeElement as HTMLButtonElement);
    if (e.key === 'Escape') {
      setOpen(false);
      document.getElementById(buttonId)?.focus();
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const step = e.key === 'ArrowDown' ? 1 : -1;
      all[(at + step + all.length) % all.length]?.focus();
    }
  }

  return (
    <div class="ds-menu">
      <Button
        id={buttonId}
        variant="primary"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => (open ? setOpen(false) : openMenu())}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            openMenu();
          }
        }}
      >
        + New Expense
      </Button>
      {open ? (
        <div ref={listRef} class="ds-menu__list" role="menu" aria-labelledby={buttonId} onKeyDown={onKeyDown}>
          {ITEMS.map((item) => (
            <button
              key={item.kind}
              type="button"
              role="menuitem"
              onClick={() => {
                setOpen(false);
                onChoose(item.kind);
              }}
            >
              {item.label}
            </button>
          ))}
        </div>
      ) : null}
    </div>
  );
}

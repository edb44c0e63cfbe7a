import type { ComponentChildren } from 'preact';

export interface Column<Row> {
  key: string;
  header: string;
  render: (row: Row) => ComponentChildren;
  align?: 'start' | 'end';
  /** Keeps the cell on one line, e.g. a date that would otherwise break at its hyphens. */
  nowrap?: boolean;
}

function cellClass(c: Column<never>): string | undefined {
  if (c.align === 'end') return 'ds-num'; // numbers never wrap either
  return c.nowrap ? 'ds-nowrap' : undefined;
}

export interface TableProps<Row> {
  caption: string;
  rows: readonly Row[];
  columns: readonly Column<Row>[];
  rowKey: (row: Row) => string;
  /** When given, each row gets a checkbox and the header a select-all box. */
  selected?: ReadonlySet<string>;
  onSelectionChange?: (next: Set<string>) => void;
  /** Accessible name of a row's checkbox, e.g. the merchant and date. */
  rowLabel?: (row: Row) => string;
  footer?: ComponentChildren;
}

/** A data table with optional row selection; the caption names it for screen readers. */
export function Table<Row>({
  caption,
  rows,
  columns,
  rowKey,
  selected,
  onSelectionChange,
  rowLabel,
  footer,
}: TableProps<Row>) {
  const selectable = selected !== undefined && onSelectionChange !== undefined;
  const allSelected = selectable && rows.length > 0 && rows.every((r) => selected.has(rowKey(r)));
  const someSelected = selectable && !allSelected && rows.some((r) => selected.has(rowKey(r)));

  function toggle(id: string, on: boolean) {
    if (!selectable) return;
    const next = new Set(selected);
    if (on) next.add(id);
    else next.delete(id);
    onSelectionChange(next);
  }
  function toggleAll(on: boolean) {
    if (!selectable) return;
    const next = new Set(selected);
    for (const r of rows) {
      if (on) next.add(rowKey(r));
      else next.delete(rowKey(r));
    }
    onSelectionChange(next);
  }

  return (
    <table class="ds-table">
      <caption class="ds-visually-hidden">{caption}</caption>
      <thead>
        <tr>
          {selectable ? (
            <th scope="col" class="ds-table__select">
              <input
                type="checkbox"
                aria-label="Select all"
                checked={allSelected}
                indeterminate={someSelected}
                onChange={(e) => toggleAll((e.currentTarget as HTMLInputElement).checked)}
              />
            </th>
          ) : null}
          {columns.map((c) => (
            <th key={c.key} scope="col" class={cellClass(c)}>
              {c.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => {
          const id = rowKey(row);
          return (
            <tr key={id} class={selectable && selected.has(id) ? 'ds-table__row--selected' : undefined}>
              {selectable ? (
                <td class="ds-table__select">
                  <input
                    type="checkbox"
                    aria-label={`Select ${rowLabel ? rowLabel(row) : id}`}
                    checked={selected.has(id)}
                    onChange={(e) => toggle(id, (e.currentTarget as HTMLInputElement).checked)}
                  />
                </td>
              ) : null}
              {columns.map((c) => (
                <td key={c.key} class={cellClass(c)}>
                  {c.render(row)}
                </td>
              ))}
            </tr>
          );
        })}
      </tbody>
      {footer ? <tfoot>{footer}</tfoot> : null}
    </table>
  );
}

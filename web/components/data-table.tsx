'use client';

import { useEffect, useState, type ReactNode } from 'react';
import { useI18n } from '../lib/i18n';

export interface Column<Row> {
  header: string;
  cell(row: Row): ReactNode;
}

/** Whether the box is narrower than its content, kept up to date as either changes size. */
function useScrollsSideways(box: HTMLElement | null): boolean {
  const [scrolls, setScrolls] = useState(false);
  useEffect(() => {
    if (!box) return;
    const observer = new ResizeObserver(() => setScrolls(box.scrollWidth > box.clientWidth));
    observer.observe(box);
    if (box.firstElementChild) observer.observe(box.firstElementChild);
    return () => observer.disconnect();
  }, [box]);
  return scrolls;
}

/**
 * A table that scrolls sideways inside its box on narrow screens rather than widening the page.
 * When it does, the box is a named stop in the tab order, so the arrow keys can scroll it.
 */
export function DataTable<Row extends { id: string }>({ columns, rows }: { columns: Column<Row>[]; rows: Row[] }) {
  const { t } = useI18n();
  const [box, setBox] = useState<HTMLDivElement | null>(null);
  const scrolls = useScrollsSideways(box);
  if (rows.length === 0) return null;
  return (
    <div className="table-wrap" ref={setBox} {...(scrolls ? { tabIndex: 0, role: 'region', 'aria-label': t('common.tableScrolls') } : {})}>
      <table>
        <thead>
          <tr>
            {columns.map((column) => (
              <th scope="col" key={column.header}>
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id}>
              {columns.map((column) => (
                <td key={column.header}>{column.cell(row)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

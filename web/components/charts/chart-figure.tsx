'use client';

import type { ReactNode } from 'react';
import { useI18n } from '../../lib/i18n';

export interface ChartTable {
  columns: string[];
  rows: (string | number)[][];
}

/**
 * A chart as a figure: a title and a sentence with what it shows, the picture for the eye (hidden from screen
 * readers) and, for them, the same figures as a table; `empty` replaces the picture when there is nothing to draw.
 */
export function ChartFigure({ title, summary, table, empty, children }: { title: string; summary: string; table: ChartTable; empty: boolean; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <figure className="card chart">
      <figcaption>
        <strong>{title}</strong>
        <span className="muted chart-summary">{summary}</span>
      </figcaption>
      {empty ? (
        <p className="muted">{t('dashboard.none')}</p>
      ) : (
        <div className="chart-plot" aria-hidden="true">
          {children}
        </div>
      )}
      <div className="chart-data">
        <table>
          <caption>{t('dashboard.chartData')}</caption>
          <thead>
            <tr>
              {table.columns.map((column) => (
                <th key={column} scope="col">
                  {column}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map(([head, ...cells], row) => (
              <tr key={row}>
                <th scope="row">{head}</th>
                {cells.map((cell, index) => (
                  <td key={table.columns[index + 1]}>{cell}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}

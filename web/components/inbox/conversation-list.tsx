'use client';

import { useI18n } from '../../lib/i18n';
import { useClock } from '../../lib/use-clock';
import type { ConversationRow } from './types';

export function ConversationList({ rows, selected, onSelect }: { rows: ConversationRow[]; selected?: string; onSelect(id: string): void }) {
  const { t } = useI18n();
  const clock = useClock();
  return (
    <ul className="conversations" aria-label={t('inbox.title')}>
      {rows.map((row) => (
        <li key={row.id}>
          <button type="button" className={row.id === selected ? 'selected' : undefined} aria-current={row.id === selected ? 'true' : undefined} onClick={() => onSelect(row.id)}>
            <strong>{row.lead.name ?? row.contact}</strong>
            <span className="muted">
              {row.contact} · {clock.time(row.lastMessageAt)}
            </span>
            {row.botActive ? <span className="badge">{t('inbox.bot')}</span> : null}
            {!row.assigneeId && !row.botActive ? <span className="badge PAUSED">{t('inbox.unassigned')}</span> : null}
          </button>
        </li>
      ))}
    </ul>
  );
}

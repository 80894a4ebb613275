'use client';

import { useI18n } from '../../lib/i18n';
import { useClock } from '../../lib/use-clock';
import { Avatar } from '../ui/avatar';
import { ToneBadge } from '../ui/status-badge';
import type { ConversationRow } from './types';

function StateBadge({ row }: { row: ConversationRow }) {
  const { t } = useI18n();
  if (row.status === 'CLOSED') return <span className="badge conversation-closed">{t('inbox.closedBadge')}</span>;
  if (row.botActive) return <ToneBadge tone="neutral" text={t('inbox.bot')} />;
  if (!row.assigneeId) return <ToneBadge tone="warning" text={t('inbox.unassigned')} />;
  return null;
}

export function ConversationList({ rows, selected, onSelect }: { rows: ConversationRow[]; selected?: string; onSelect(id: string): void }) {
  const { t } = useI18n();
  const clock = useClock();
  return (
    <ul className="conversations" aria-label={t('inbox.title')}>
      {rows.map((row) => (
        <li key={row.id}>
          <button type="button" className={[row.id === selected ? 'selected' : '', row.status === 'CLOSED' ? 'is-closed' : ''].filter(Boolean).join(' ') || undefined} aria-current={row.id === selected ? 'true' : undefined} onClick={() => onSelect(row.id)}>
            <Avatar name={row.lead.name} phone={row.contact} />
            <span className="conversation-text">
              <strong>{row.lead.name ?? row.contact}</strong>
              <span className="muted">
                {row.contact} · {clock.time(row.lastMessageAt)}
              </span>
              <StateBadge row={row} />
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}

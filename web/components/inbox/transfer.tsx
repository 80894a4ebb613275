'use client';

import { useState } from 'react';
import { useI18n } from '../../lib/i18n';
import { useApi } from '../../lib/use-api';

/** Hands the conversation to another active colleague. */
export function Transfer({ assigneeId, onTransfer }: { assigneeId: string | null; onTransfer(userId: string): void }) {
  const { t } = useI18n();
  const users = useApi<{ items: { id: string; name: string; active: boolean }[] }>('/users?active=true');
  const [target, setTarget] = useState('');
  const others = users.data?.items.filter((user) => user.id !== assigneeId) ?? [];
  if (others.length === 0) return null;
  return (
    <div className="row">
      <select aria-label={t('inbox.transferTo')} value={target} onChange={(event) => setTarget(event.target.value)} style={{ width: 'auto' }}>
        <option value="">{t('inbox.transferTo')}…</option>
        {others.map((user) => (
          <option key={user.id} value={user.id}>
            {user.name}
          </option>
        ))}
      </select>
      <button type="button" className="secondary" disabled={!target} onClick={() => onTransfer(target)}>
        {t('inbox.transfer')}
      </button>
    </div>
  );
}

'use client';

import { useCallback, useEffect, useState } from 'react';
import { Chat } from '../../../components/inbox/chat';
import { ConversationList } from '../../../components/inbox/conversation-list';
import type { ChatMessage, ConversationRow, InboxEvent } from '../../../components/inbox/types';
import { ListStatus, LoadMore } from '../../../components/states';
import { useI18n } from '../../../lib/i18n';
import { isManager, useSession } from '../../../lib/session';
import { useApi } from '../../../lib/use-api';
import { usePagedApi } from '../../../lib/use-paged-api';
import { useEventStream } from '../../../lib/use-event-stream';

type Scope = 'mine' | 'unassigned' | 'all';
const NOTICE_MS = 8_000;
const EVENTS = ['message.created', 'message.status', 'conversation.assigned', 'conversation.updated', 'conversation.closed', 'conversation.escalated'];

export default function InboxPage() {
  const { t } = useI18n();
  const { user } = useSession();
  const [scope, setScope] = useState<Scope>('mine');
  const [selected, setSelected] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const list = usePagedApi<ConversationRow>(`/conversations?scope=${scope}&limit=100`);
  const detail = useApi<ConversationRow>(selected ? `/conversations/${selected}` : null);
  const messages = useApi<{ items: ChatMessage[] }>(selected ? `/conversations/${selected}/messages?limit=100` : null);
  const reloadList = list.reload;
  const reloadSelected = useCallback(async () => {
    await Promise.all([detail.reload(), messages.reload()]);
  }, [detail.reload, messages.reload]);

  const onEvent = useCallback(
    (type: string, data: unknown) => {
      const event = data as InboxEvent;
      void reloadList();
      if (event.conversationId === selected) void reloadSelected();
      if (type === 'conversation.assigned' && event.assigneeId === user.id) setNotice(t('inbox.assignedToYou'));
    },
    [reloadList, reloadSelected, selected, user.id, t],
  );
  useEventStream('/inbox/stream', onEvent, EVENTS, { onOpen: () => void reloadList() });
  // A notice says what just happened, then goes away.
  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setNotice(undefined), NOTICE_MS);
    return () => clearTimeout(timer);
  }, [notice]);

  const scopes: Scope[] = isManager(user.role) ? ['mine', 'unassigned', 'all'] : ['mine', 'unassigned'];
  // Read on its own: a conversation I claim leaves the "unassigned" list but stays open here.
  const conversation = selected && detail.data?.id === selected ? detail.data : undefined;
  return (
    <>
      <h1>{t('inbox.title')}</h1>
      {notice ? (
        <p role="status" className="notice">
          {notice}
        </p>
      ) : null}
      <div className={`inbox ${conversation ? 'has-selection' : ''}`}>
        <div className="inbox-list">
          <div className="row" role="tablist" aria-label={t('inbox.title')}>
            {scopes.map((value) => (
              <button key={value} type="button" role="tab" aria-selected={scope === value} className={scope === value ? undefined : 'secondary'} onClick={() => setScope(value)}>
                {t(`inbox.${value}`)}
              </button>
            ))}
          </div>
          <ListStatus list={list} />
          <ConversationList rows={list.data?.items ?? []} selected={selected} onSelect={setSelected} />
          <LoadMore list={list} />
        </div>
        {conversation ? (
          <Chat
            conversation={conversation}
            messages={messages.data?.items ?? []}
            onChanged={() => {
              void reloadList();
              void reloadSelected();
            }}
            onBack={() => setSelected(undefined)}
          />
        ) : (
          <p className="muted inbox-empty">{t('inbox.pick')}</p>
        )}
      </div>
    </>
  );
}

'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { Suspense, useCallback, useEffect, useRef, useState } from 'react';
import { Chat } from '../../../components/inbox/chat';
import { ConversationList } from '../../../components/inbox/conversation-list';
import type { ChatMessage, ConversationRow, InboxEvent } from '../../../components/inbox/types';
import { ListStatus, LoadMore } from '../../../components/states';
import { useI18n } from '../../../lib/i18n';
import { isManager, useSession } from '../../../lib/session';
import { useApi } from '../../../lib/use-api';
import { usePagedApi } from '../../../lib/use-paged-api';
import { useEventStream } from '../../../lib/use-event-stream';
import { MessageCircle } from 'lucide-react';
import * as Tabs from '@radix-ui/react-tabs';
import { EmptyState } from '../../../components/ui/empty-state';

type Tab = 'mine' | 'unassigned' | 'bot' | 'closed' | 'all';
const NOTICE_MS = 8_000;
const EVENTS = ['message.created', 'message.status', 'conversation.assigned', 'conversation.updated', 'conversation.closed', 'conversation.escalated'];

/** The list each tab reads: closed conversations are an agent's own, or every one for owners and admins. */
function listQuery(tab: Tab, manager: boolean): string {
  if (tab === 'closed') return `scope=${manager ? 'all' : 'mine'}&status=CLOSED`;
  return `scope=${tab}`;
}

function Inbox() {
  const { t } = useI18n();
  const { user } = useSession();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  // The open conversation lives in the URL (?c=), so the phone's back button returns to the list.
  const selected = params.get('c') ?? undefined;
  const openedHere = useRef(false);
  const manager = isManager(user.role);
  const [tab, setTab] = useState<Tab>('mine');
  const [notice, setNotice] = useState<string>();
  const list = usePagedApi<ConversationRow>(`/conversations?${listQuery(tab, manager)}&limit=100`);
  const detail = useApi<ConversationRow>(selected ? `/conversations/${selected}` : null);
  const messages = useApi<{ items: ChatMessage[] }>(selected ? `/conversations/${selected}/messages?limit=100` : null);
  const reloadList = list.reload;
  const reloadSelected = useCallback(async () => {
    await Promise.all([detail.reload(), messages.reload()]);
  }, [detail.reload, messages.reload]);

  const select = (id: string) => {
    openedHere.current = true;
    router.push(`${pathname}?c=${id}`);
  };
  const backToList = () => {
    if (openedHere.current) router.back();
    else router.replace(pathname);
  };

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

  const tabs: Tab[] = manager ? ['mine', 'unassigned', 'bot', 'all', 'closed'] : ['mine', 'unassigned', 'bot', 'closed'];
  // Read on its own: a conversation I claim leaves the "unassigned" list but stays open here.
  const conversation = selected && detail.data?.id === selected ? detail.data : undefined;
  return (
    <div className={`inbox-page ${selected ? 'has-selection' : ''}`}>
      <h1 className="inbox-title">{t('inbox.title')}</h1>
      {notice ? (
        <p role="status" className="notice">
          {notice}
        </p>
      ) : null}
      <div className={`inbox ${selected ? 'has-selection' : ''}`}>
        <div className="inbox-list">
          <Tabs.Root className="inbox-list-body" value={tab} onValueChange={(value) => setTab(value as Tab)} activationMode="manual">
            <Tabs.List className="row inbox-tabs" aria-label={t('inbox.title')}>
              {tabs.map((value) => (
                <Tabs.Trigger key={value} value={value} className={tab === value ? undefined : 'secondary'}>
                  {t(`inbox.${value}`)}
                </Tabs.Trigger>
              ))}
            </Tabs.List>
            <Tabs.Content className="inbox-list-body" value={tab}>
              <ListStatus list={list} empty={<EmptyState icon={MessageCircle} title={t(`inbox.empty.${tab}`)} hint={t('inbox.emptyHint')} />} />
              <ConversationList rows={list.data?.items ?? []} selected={selected} onSelect={select} />
              <LoadMore list={list} />
            </Tabs.Content>
          </Tabs.Root>
        </div>
        {conversation ? (
          <Chat
            key={conversation.id}
            conversation={conversation}
            messages={messages.data?.items ?? []}
            onChanged={() => {
              void reloadList();
              void reloadSelected();
            }}
            onBack={backToList}
          />
        ) : (
          <p className="muted inbox-empty">{t(selected && detail.error ? 'inbox.notFound' : 'inbox.pick')}</p>
        )}
      </div>
    </div>
  );
}

export default function InboxPage() {
  return (
    <Suspense>
      <Inbox />
    </Suspense>
  );
}

'use client';

import { useState, type FormEvent } from 'react';
import { api, ApiProblem } from '../../lib/api';
import { useI18n } from '../../lib/i18n';
import type { MessageKey } from '../../lib/messages';
import { isManager, useSession } from '../../lib/session';
import { useClock } from '../../lib/use-clock';
import { TextArea, TextField } from '../field';
import { Transfer } from './transfer';
import type { ChatMessage, ConversationRow } from './types';

const TICKS: Record<string, string> = { QUEUED: '🕓', SENT: '✓', DELIVERED: '✓✓', READ: '✓✓', FAILED: '⚠' };

/** A contact's photo, voice note, video or document, as Astor stored it. */
function Media({ url, mimeType }: { url: string; mimeType: string }) {
  const { t } = useI18n();
  if (mimeType.startsWith('image/'))
    return (
      <a href={url} target="_blank" rel="noreferrer">
        <img className="bubble-media" src={url} alt={t('inbox.media.image')} loading="lazy" />
      </a>
    );
  if (mimeType.startsWith('audio/')) return <audio className="bubble-media" controls preload="none" src={url} aria-label={t('inbox.media.audio')} />;
  if (mimeType.startsWith('video/')) return <video className="bubble-media" controls preload="none" src={url} aria-label={t('inbox.media.video')} />;
  return (
    <a href={url} download>
      {t('inbox.media.download')}
    </a>
  );
}

function Bubble({ message }: { message: ChatMessage }) {
  const { t } = useI18n();
  const clock = useClock();
  const outbound = message.direction === 'OUTBOUND';
  const label = outbound ? t(`inbox.status.${message.status}` as MessageKey) : undefined;
  return (
    <li className={`bubble ${outbound ? 'out' : 'in'}`}>
      {message.mediaUrl?.startsWith('/api/messages/') ? <Media url={message.mediaUrl} mimeType={message.mimeType ?? ''} /> : null}
      {message.body ? <p>{message.body}</p> : null}
      <small>
        {clock.time(message.createdAt)}{' '}
        {outbound ? (
          <span className={`ticks ${message.status}`} title={label} aria-label={label}>
            {TICKS[message.status] ?? ''}
          </span>
        ) : null}
      </small>
      {message.status === 'FAILED' && message.errorMessage ? <small className="field-error">{message.errorMessage}</small> : null}
    </li>
  );
}

/** One conversation: messages oldest first, the reply box (a template form when WhatsApp's 24-hour window is closed) and the agent's commands. */
export function Chat({ conversation, messages, onChanged, onBack }: { conversation: ConversationRow; messages: ChatMessage[]; onChanged(): void; onBack(): void }) {
  const { t } = useI18n();
  const { user } = useSession();
  const [problem, setProblem] = useState<ApiProblem>();
  const [text, setText] = useState('');
  const [needsTemplate, setNeedsTemplate] = useState(false);
  const mine = conversation.assigneeId === user.id;

  async function run(work: () => Promise<unknown>) {
    try {
      await work();
      setProblem(undefined);
      onChanged();
    } catch (error) {
      const failure = error instanceof ApiProblem ? error : new ApiProblem(0, String(error), undefined);
      if (failure.code === 'service_window_closed') setNeedsTemplate(true);
      setProblem(failure);
    }
  }
  const command = (path: string) => run(() => api(`/conversations/${conversation.id}/${path}`, { method: 'POST' }));

  async function reply(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const body = text.trim();
    if (!body) return;
    await run(async () => {
      await api(`/conversations/${conversation.id}/reply`, { method: 'POST', body: { text: body, clientMessageId: crypto.randomUUID() } });
      setText('');
    });
  }

  async function sendTemplate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const bodyParameters = String(form.get('params') ?? '').split('\n').map((line) => line.trim()).filter(Boolean);
    await run(() => api(`/conversations/${conversation.id}/reply`, { method: 'POST', body: { template: { name: form.get('name'), language: form.get('language'), bodyParameters }, clientMessageId: crypto.randomUUID() } }));
  }

  return (
    <section className="chat" aria-label={conversation.lead.name ?? conversation.contact}>
      <header className="row">
        <button type="button" className="secondary back" onClick={onBack}>
          {t('inbox.back')}
        </button>
        <h2>{conversation.lead.name ?? conversation.contact}</h2>
        <div className="row">
          {!mine && conversation.status === 'OPEN' ? <button onClick={() => command('claim')}>{t('inbox.claim')}</button> : null}
          {conversation.status === 'OPEN' && (mine || isManager(user.role)) ? (
            <Transfer assigneeId={conversation.assigneeId} onTransfer={(toUserId) => void run(() => api(`/conversations/${conversation.id}/transfer`, { method: 'POST', body: { toUserId } }))} />
          ) : null}
          {mine ? (
            <button className="secondary" onClick={() => command('return-to-bot')}>
              {t('inbox.returnToBot')}
            </button>
          ) : null}
          {conversation.status === 'OPEN' ? (
            <button className="secondary" onClick={() => command('close')}>
              {t('inbox.close')}
            </button>
          ) : null}
        </div>
      </header>
      <ol className="messages" aria-live="polite">
        {[...messages].reverse().map((message) => (
          <Bubble key={message.id} message={message} />
        ))}
      </ol>
      {problem ? (
        <p role="alert" className="alert">
          {problem.message}
        </p>
      ) : null}
      {needsTemplate ? (
        <form onSubmit={sendTemplate} className="card" aria-label={t('inbox.sendTemplate')}>
          <p>{t('inbox.templateNeeded')}</p>
          <TextField label={t('inbox.templateName')} name="name" required />
          <TextField label={t('inbox.templateLanguage')} name="language" defaultValue="es_AR" />
          <TextArea label={t('inbox.templateParams')} name="params" rows={2} />
          <button type="submit">{t('inbox.sendTemplate')}</button>
        </form>
      ) : (
        <form onSubmit={reply} className="reply row">
          <TextArea label={t('inbox.reply')} value={text} onChange={(event) => setText(event.target.value)} rows={2} />
          <button type="submit" disabled={!text.trim()}>
            {t('inbox.send')}
          </button>
        </form>
      )}
    </section>
  );
}

'use client';

import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { api, ApiProblem } from '../../lib/api';
import { useI18n } from '../../lib/i18n';
import type { MessageKey } from '../../lib/messages';
import { isManager, useSession } from '../../lib/session';
import { useClock } from '../../lib/use-clock';
import { TextArea } from '../field';
import { failureKey } from '../../lib/send-failure';
import { TemplateReply, type TemplateReplyBody } from './template-reply';
import { Transfer } from './transfer';
import type { ChatMessage, ConversationRow } from './types';
import { ToneBadge } from '../ui/status-badge';

const TICKS: Record<string, string> = { QUEUED: '🕓', SENT: '✓', DELIVERED: '✓✓', READ: '✓✓', FAILED: '⚠' };

interface QuotedMessage {
  id: string;
  preview: string;
}

/** The messages API's fields `ChatMessage` does not name; `reaction` and `replyTo` are absent until the API sends them. */
type InboxMessage = ChatMessage & { providerMessageId?: string | null; content?: unknown; reaction?: string | null; replyTo?: QuotedMessage | null };

interface SharedContact {
  name: string;
  phones: { phone: string }[];
}

/** The parts of the stored inbound message (the API's `content`) the chat shows. */
interface InboundContent {
  type?: string;
  reaction?: { messageId: string; emoji: string };
  contacts?: SharedContact[];
  context?: { messageId: string };
  referral?: { headline?: string; sourceUrl?: string };
}

function inboundContentOf(message: InboxMessage): InboundContent {
  return message.direction === 'INBOUND' && typeof message.content === 'object' && message.content !== null ? (message.content as InboundContent) : {};
}

/**
 * The contact's reaction on each message and the message each one quotes: the API's, or else read
 * from the loaded messages (newest first), which hold every message newer than the oldest shown.
 */
function threadOf(messages: InboxMessage[]) {
  const byProviderId = new Map(messages.flatMap((message) => (message.providerMessageId ? [[message.providerMessageId, message] as const] : [])));
  const latestReactions = new Map<string, string>();
  for (const message of messages) {
    const reaction = inboundContentOf(message).reaction;
    if (reaction && !latestReactions.has(reaction.messageId)) latestReactions.set(reaction.messageId, reaction.emoji);
  }
  return {
    reactionOn(message: InboxMessage): string | null {
      const reaction = message.reaction !== undefined ? message.reaction : latestReactions.get(message.providerMessageId ?? '');
      return reaction || null;
    },
    quotedBy(message: InboxMessage): QuotedMessage | null {
      if (message.replyTo !== undefined) return message.replyTo;
      const quoted = byProviderId.get(inboundContentOf(message).context?.messageId ?? '');
      return quoted?.body ? { id: quoted.id, preview: quoted.body } : null;
    },
  };
}

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

function Sticker({ url }: { url: string | null }) {
  const { t } = useI18n();
  if (!url?.startsWith('/api/messages/')) return <p className="muted">{t('inbox.sticker')}</p>;
  return <img className="sticker-media" src={url} alt={t('inbox.media.sticker')} loading="lazy" />;
}

function AdChip({ headline, sourceUrl }: { headline?: string; sourceUrl?: string }) {
  const { t } = useI18n();
  const label = headline ? t('inbox.fromAdHeadline', { headline }) : t('inbox.fromAd');
  return sourceUrl ? (
    <a className="ad-chip" href={sourceUrl} target="_blank" rel="noreferrer">
      {label}
    </a>
  ) : (
    <span className="ad-chip">{label}</span>
  );
}

type LeadFromCard = { leadId: string; existed: boolean };

/** Reads the 409 itself: `api()` does not pass on the problem's `existingLeadId`. */
async function createLeadFromCard(messageId: string, index: number): Promise<LeadFromCard> {
  const response = await fetch(`/api/messages/${messageId}/contacts/${index}/lead`, {
    method: 'POST',
    headers: { 'accept-language': document.documentElement.lang || 'es' },
    credentials: 'same-origin',
  });
  const body = (await response.json().catch(() => ({}))) as { id?: string; existingLeadId?: string; title?: string; detail?: string; code?: string };
  if (response.ok && body.id) return { leadId: body.id, existed: false };
  if (response.status === 409 && body.existingLeadId) return { leadId: body.existingLeadId, existed: true };
  throw new ApiProblem(response.status, body.title ?? response.statusText, body.detail, [], body.code);
}

function ContactCard({ messageId, index, contact }: { messageId: string; index: number; contact: SharedContact }) {
  const { t } = useI18n();
  const [lead, setLead] = useState<LeadFromCard>();
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function createLead() {
    setBusy(true);
    try {
      setLead(await createLeadFromCard(messageId, index));
      setProblem(undefined);
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="shared-contact" aria-label={t('inbox.contactCard')}>
      <strong>{contact.name}</strong>
      <ul>
        {contact.phones.map(({ phone }) => (
          <li key={phone}>
            <a href={`tel:${phone.replace(/[^\d+]/g, '')}`}>{phone}</a>
          </li>
        ))}
      </ul>
      {lead ? (
        <p role="status">
          {lead.existed ? t('inbox.contactCard.exists', { name: contact.name }) : t('inbox.contactCard.created')} — <Link href={`/leads/${lead.leadId}`}>{t('inbox.contactCard.open')}</Link>
        </p>
      ) : (
        <button type="button" className="secondary" disabled={busy} onClick={() => void createLead()}>
          {t('inbox.contactCard.createLead')}
        </button>
      )}
      {problem ? <small className="field-error">{problem}</small> : null}
    </div>
  );
}

function Bubble({ message, reaction, quoted }: { message: InboxMessage; reaction: string | null; quoted: QuotedMessage | null }) {
  const { t } = useI18n();
  const clock = useClock();
  const outbound = message.direction === 'OUTBOUND';
  const label = outbound ? t(`inbox.status.${message.status}` as MessageKey) : undefined;
  const content = inboundContentOf(message);
  const sticker = content.type === 'sticker';
  return (
    <li className={['bubble', outbound ? 'out' : 'in', sticker ? 'sticker' : '', reaction ? 'reacted' : ''].filter(Boolean).join(' ')}>
      {content.referral ? <AdChip headline={content.referral.headline} sourceUrl={content.referral.sourceUrl} /> : null}
      {quoted ? (
        <blockquote className="quoted" aria-label={t('inbox.quoted')}>
          {quoted.preview}
        </blockquote>
      ) : null}
      {sticker ? <Sticker url={message.mediaUrl} /> : null}
      {!sticker && message.mediaUrl?.startsWith('/api/messages/') ? <Media url={message.mediaUrl} mimeType={message.mimeType ?? ''} /> : null}
      {content.contacts?.map((contact, index) => <ContactCard key={index} messageId={message.id} index={index} contact={contact} />)}
      {message.body ? <p>{message.body}</p> : null}
      <small>
        {clock.time(message.createdAt)}{' '}
        {outbound ? (
          <span className={`ticks ${message.status}`} title={label} aria-label={label}>
            {TICKS[message.status] ?? ''}
          </span>
        ) : null}
      </small>
      {message.status === 'FAILED' ? <small className="field-error">{t(failureKey(message.errorCode))}</small> : null}
      {reaction ? (
        <span className="reaction-badge" role="img" aria-label={t('inbox.reaction', { emoji: reaction })}>
          {reaction}
        </span>
      ) : null}
    </li>
  );
}

/** A reply the API took but the provider refused: its stored failure code says why. */
class NotSent extends Error {
  constructor(readonly failureCode: string | undefined) {
    super(failureCode ?? 'not sent');
  }
}

type ReplySent = { status: 'SENT' | 'FAILED'; error?: { code: string } };

/**
 * One conversation: messages oldest first, the agent's commands and what may be sent now: the reply box,
 * a template when WhatsApp's 24-hour window is closed or the conversation is (sending one reopens it),
 * and nothing while the bot is answering, until someone takes the conversation over.
 */
export function Chat({ conversation, messages, onChanged, onBack }: { conversation: ConversationRow; messages: InboxMessage[]; onChanged(): void; onBack(): void }) {
  const { t } = useI18n();
  const { user } = useSession();
  const [problem, setProblem] = useState<string>();
  const [text, setText] = useState('');
  const [needsTemplate, setNeedsTemplate] = useState(false);
  const mine = conversation.assigneeId === user.id;
  const closed = conversation.status === 'CLOSED';
  const withBot = !closed && conversation.botActive;
  const thread = threadOf(messages);
  // A reaction shows as a badge on the message it targets, not as a message of its own.
  const shown = [...messages].reverse().filter((message) => inboundContentOf(message).type !== 'reaction');

  function describe(error: unknown): string {
    if (error instanceof NotSent) return t(failureKey(error.failureCode));
    if (!(error instanceof ApiProblem) || error.status === 0) return t('inbox.offline');
    if (error.code === 'service_window_closed') return t('inbox.templateNeeded');
    return error.message;
  }

  async function run(work: () => Promise<unknown>) {
    try {
      await work();
      setProblem(undefined);
    } catch (error) {
      if (error instanceof ApiProblem && error.code === 'service_window_closed') setNeedsTemplate(true);
      setProblem(describe(error));
    } finally {
      onChanged();
    }
  }
  const command = (path: string) => run(() => api(`/conversations/${conversation.id}/${path}`, { method: 'POST' }));
  const send = async (body: object) => {
    const sent = await api<ReplySent>(`/conversations/${conversation.id}/reply`, { method: 'POST', body: { ...body, clientMessageId: crypto.randomUUID() } });
    if (sent.status === 'FAILED') throw new NotSent(sent.error?.code);
  };

  async function reply(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const body = text.trim();
    if (!body) return;
    await run(async () => {
      await send({ text: body });
      setText('');
    });
  }

  async function sendTemplate(template: TemplateReplyBody): Promise<boolean> {
    let sent = false;
    await run(async () => {
      await send({ template });
      setNeedsTemplate(false);
      sent = true;
    });
    return sent;
  }

  return (
    <section className={`chat ${closed ? 'is-closed' : ''}`} aria-label={conversation.lead.name ?? conversation.contact}>
      <header className="row">
        <button type="button" className="secondary back" onClick={onBack} aria-label={t('inbox.back')}>
          ←
        </button>
        <h2>{conversation.lead.name ?? conversation.contact}</h2>
        {closed ? <span className="badge conversation-closed">{t('inbox.closedBadge')}</span> : null}
        {withBot ? <ToneBadge tone="neutral" text={t('inbox.bot')} /> : null}
        <div className="row chat-commands">
          {!mine && !closed && !withBot ? <button onClick={() => command('claim')}>{t('inbox.claim')}</button> : null}
          {!closed && !withBot && (mine || isManager(user.role)) ? (
            <Transfer assigneeId={conversation.assigneeId} onTransfer={(toUserId) => void run(() => api(`/conversations/${conversation.id}/transfer`, { method: 'POST', body: { toUserId } }))} />
          ) : null}
          {mine && !closed ? (
            <button className="secondary" onClick={() => command('return-to-bot')}>
              {t('inbox.returnToBot')}
            </button>
          ) : null}
          {!closed && (mine || isManager(user.role)) ? (
            <button className="secondary" onClick={() => command('close')}>
              {t('inbox.close')}
            </button>
          ) : null}
        </div>
      </header>
      <ol className="messages" aria-live="polite">
        {shown.map((message) => (
          <Bubble key={message.id} message={message} reaction={thread.reactionOn(message)} quoted={thread.quotedBy(message)} />
        ))}
      </ol>
      {problem ? (
        <p role="alert" className="alert">
          {problem}
        </p>
      ) : null}
      {withBot ? (
        <div className="card composer-note" aria-label={t('inbox.bot')}>
          <p>{t('inbox.botNote')}</p>
          <button type="button" onClick={() => command('claim')}>
            {t('inbox.takeOver')}
          </button>
        </div>
      ) : closed || needsTemplate ? (
        <TemplateReply leadId={conversation.lead.id} reopening={closed} onSend={sendTemplate} />
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

'use client';

import { useParams } from 'next/navigation';
import type { FormEvent } from 'react';
import { SelectField, TextArea } from '../../../../components/field';
import { Loading, ProblemMessage } from '../../../../components/states';
import { api } from '../../../../lib/api';
import { useAction } from '../../../../lib/use-action';
import { Outcome } from '../../../../components/outcome';
import { useI18n } from '../../../../lib/i18n';
import { useApi } from '../../../../lib/use-api';
import { useClock } from '../../../../lib/use-clock';
import { STAGES, stageLabel } from '../../../../lib/stages';
import { useSession } from '../../../../lib/session';
import { EraseLead } from '../../../../components/leads/erase-lead';
import { EditLead } from '../../../../components/leads/edit-lead';
import type { Lead } from '../../../../components/leads/lead-body';
import { useLabel } from '../../../../lib/labels';
import { useSendReason } from '../../../../lib/send-failure';
import { useSendProgress, type SendKind } from '../../../../lib/use-send-progress';
import { SendProgressList } from '../../../../components/leads/send-progress-list';

interface TimelineEvent {
  id: string;
  type: string;
  createdAt: string;
  payload: { preview?: string; text?: string; reason?: string; code?: string; audioKey?: string };
}

interface MatchRow {
  score: number;
  reasons: string[];
  property: { id: string; title: string; zone: string; price: number; currency: string };
}

export default function LeadPage() {
  const { id } = useParams<{ id: string }>();
  const { t } = useI18n();
  const label = useLabel();
  const reason = useSendReason();
  // A failed send's code says why in people's words; a skip's reason is its own code.
  const detailOf = ({ type, payload: { code, reason: why } }: TimelineEvent) => (code && type.endsWith('.failed') ? reason(code, why, true) : why ? label('skipReason', why) : '');
  const clock = useClock();
  const lead = useApi<Lead>(`/leads/${id}`);
  const events = useApi<{ items: TimelineEvent[] }>(`/leads/${id}/events?limit=100`);
  const matches = useApi<{ items: MatchRow[] }>(`/leads/${id}/matches?limit=5`);
  const action = useAction();
  const { user, platform } = useSession();

  const sending = useSendProgress(id, () => void events.reload());

  async function change(work: () => Promise<unknown>, done = t('leads.saved')) {
    if (await action.run(work, done)) await Promise.all([lead.reload(), events.reload()]);
  }

  /** Asks for a voice note or a card; the page then follows it (see useSendProgress) instead of a confirmation. */
  async function send(kind: SendKind, path: string, body: object, subject?: string): Promise<boolean> {
    const requestId = crypto.randomUUID();
    const asked = await action.run(() => api(`/leads/${id}/${path}`, { method: 'POST', body: { ...body, requestId } }));
    if (asked) sending.track(kind, requestId, subject);
    return asked;
  }

  async function sendVoice(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const text = String(new FormData(form).get('voice') ?? '').trim();
    if (!text) return;
    if (await send('voice', 'voice-messages', { text })) form.reset();
  }

  async function addNote(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const text = String(new FormData(form).get('note') ?? '').trim();
    if (!text) return;
    await change(() => api(`/leads/${id}/notes`, { method: 'POST', body: { text } }));
    form.reset();
  }

  if (lead.error) return <ProblemMessage problem={lead.error} />;
  if (!lead.data) return <Loading />;
  const current = lead.data;
  return (
    <>
      <h1>{current.name ?? current.phone}</h1>
      {action.problem ? <ProblemMessage problem={action.problem} /> : null}
      <Outcome done={action.done} />
      <SendProgressList sends={sending.sends} />
      <section className="card grid">
        <div>
          <div className="muted">{t('leads.phone')}</div>
          {current.phone ?? '—'}
        </div>
        <div>
          <div className="muted">{t('leads.origin')}</div>
          {label('origin', current.origin)}
        </div>
        <div>
          <div className="muted">{t('leads.zone')}</div>
          {[current.searchOperation && label('operation', current.searchOperation), current.searchType && label('propertyType', current.searchType), current.searchZone, current.budgetMax ? `${current.budgetCurrency ?? ''} ${current.budgetMax.toLocaleString('es-AR')}` : null].filter(Boolean).join(' · ') || '—'}
        </div>
        <SelectField
          label={t('leads.stage')}
          value={current.stage}
          onChange={(event) => void change(() => api(`/leads/${id}`, { method: 'PATCH', body: { stage: event.target.value } }))}
          options={STAGES.map((value) => ({ value, label: t(stageLabel(value)) }))}
        />
      </section>
      <EditLead lead={current} onSaved={() => Promise.all([lead.reload(), events.reload()])} />
      <section className="card" aria-labelledby="matches-title">
        <h2 id="matches-title">{t('leads.matches')}</h2>
        <ul>
          {matches.data?.items.map((match) => (
            <li key={match.property.id}>
              <strong>{match.property.title}</strong> · {match.property.zone} · {match.property.currency} {match.property.price.toLocaleString('es-AR')} <span className="muted">({match.reasons.map((reason) => label('matchReason', reason)).join(', ')})</span>{' '}
              <button
                type="button"
                className="secondary"
                aria-label={`${t('leads.sendCard')}: ${match.property.title}`}
                onClick={() => void send('card', 'property-cards', { propertyId: match.property.id }, match.property.title)}
              >
                {t('leads.sendCard')}
              </button>
            </li>
          ))}
        </ul>
      </section>
      <section className="card" aria-labelledby="timeline-title">
        <h2 id="timeline-title">{t('leads.timeline')}</h2>
        <form onSubmit={sendVoice} className="reply row">
          <TextArea label={t('leads.voiceText')} name="voice" rows={2} />
          <button type="submit">{t('leads.sendVoice')}</button>
        </form>
        <form onSubmit={addNote} className="reply row">
          <TextArea label={t('leads.note')} name="note" rows={2} />
          <button type="submit">{t('leads.addNote')}</button>
        </form>
        <ol className="timeline">
          {events.data?.items.map((event) => (
            <li key={event.id}>
              <time dateTime={event.createdAt}>{clock.dateTime(event.createdAt)}</time> <strong>{label('leadEvent', event.type)}</strong> {event.payload.text ?? event.payload.preview ?? detailOf(event)}
              {event.payload.audioKey ? <audio controls preload="none" src={`/api/leads/${id}/voice-notes/${event.payload.audioKey}`} aria-label={label('leadEvent', event.type)} /> : null}
            </li>
          ))}
        </ol>
      </section>
      {user.role === 'OWNER' && !platform ? <EraseLead lead={current} /> : null}
    </>
  );
}

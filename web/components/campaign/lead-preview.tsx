'use client';

import { useEffect, useState } from 'react';
import { api } from '../../lib/api';
import { useI18n } from '../../lib/i18n';
import { useLabel } from '../../lib/labels';
import { useAction } from '../../lib/use-action';
import { SelectField } from '../field';
import { Outcome } from '../outcome';

interface Preview {
  message: { kind: string; body?: string; caption?: string; name?: string; bodyParameters?: string[] } | null;
  voiceScript: string | null;
  skipped: { reason: string; description: string } | null;
}

function describe(preview: Preview): string {
  const message = preview.message;
  if (preview.voiceScript) return `🎙 ${preview.voiceScript}`;
  if (!message) return '';
  if (message.kind === 'template') return `${message.name}: ${(message.bodyParameters ?? []).map((value, index) => `{{${index + 1}}} = ${value}`).join(' · ')}`;
  return message.body ?? message.caption ?? '';
}

/** The draft's message exactly as one of its real leads would get it, or why that lead would be skipped. */
export function LeadPreview({ campaignId, audience, voice }: { campaignId: string; audience: unknown; voice: boolean }) {
  const { t } = useI18n();
  const label = useLabel();
  const action = useAction();
  const [audio, setAudio] = useState<string>();
  const [sample, setSample] = useState<{ id: string; name: string | null; phone: string }[]>([]);
  const [leadId, setLeadId] = useState<string>();
  const [preview, setPreview] = useState<Preview>();

  useEffect(() => {
    void api<{ sample: { id: string; name: string | null; phone: string }[] }>('/campaigns/audience-preview', { method: 'POST', body: { audience } }).then((found) => {
      setSample(found.sample);
      setLeadId(found.sample[0]?.id);
    });
  }, [audience]);
  useEffect(() => {
    if (leadId) void api<Preview>(`/campaigns/${campaignId}/preview`, { method: 'POST', body: { leadId } }).then(setPreview);
  }, [campaignId, leadId]);

  if (sample.length === 0) return null;
  return (
    <section className="card" aria-labelledby="preview-title">
      <h2 id="preview-title">{t('campaigns.preview')}</h2>
      <SelectField label={t('campaigns.previewLead')} value={leadId} onChange={(event) => setLeadId(event.target.value)} options={sample.map((lead) => ({ value: lead.id, label: lead.name ?? lead.phone }))} />
      {preview?.skipped ? (
        <p className="alert">{t('campaigns.skippedBecause', { reason: label('skipReason', preview.skipped.reason, preview.skipped.description) })}</p>
      ) : preview ? (
        <p className="bubble out" data-testid="preview-message">
          {describe(preview)}
        </p>
      ) : null}
      {voice ? (
        <div className="row">
          <button type="button" className="secondary" onClick={() => void action.run(async () => setAudio((await api<{ audio: string }>(`/campaigns/${campaignId}/voice-preview`, { method: 'POST', body: { leadId } })).audio))}>
            {t('campaigns.listen')}
          </button>
          {audio ? <audio controls autoPlay src={audio} aria-label={t('campaigns.listen')} /> : null}
        </div>
      ) : null}
      <Outcome problem={action.problem} />
    </section>
  );
}

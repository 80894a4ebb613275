'use client';

import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { ManagersOnly } from '../../../../components/app-shell';
import { SelectField, TextArea, TextField } from '../../../../components/field';
import { AudienceReachSummary } from '../../../../components/campaign/audience-reach';
import { CapacityCost, type AudiencePreview, type MessagingCapacity } from '../../../../components/campaign/capacity-cost';
import { ScheduleFields, scheduleFrom } from '../../../../components/campaign/schedule-fields';
import { ProblemMessage } from '../../../../components/states';
import { TemplatePicker, type TemplateChoice } from '../../../../components/templates/template-picker';
import { templateMessage } from '../../../../components/templates/template-choice';
import { api, ApiProblem } from '../../../../lib/api';
import { useI18n } from '../../../../lib/i18n';
import { useLabel } from '../../../../lib/labels';
import { useApi } from '../../../../lib/use-api';

const TYPES = ['OPORTUNIDADES', 'FIDELIZACION', 'PROPIEDADES', 'CAPTACION'];
const list = (text: string) => text.split(',').map((item) => item.trim()).filter(Boolean);
type ContentKind = 'template' | 'text' | 'voice';
/** What a campaign's template values may say (a property is not chosen here); `|text` is the fallback for leads without it. */
const VARIABLES = ['lead.firstName|hola', 'lead.name', 'lead.zone', 'agency.name'].map((variable) => `{{${variable}}}`).join(' ');
/** Before the agency syncs its templates the name is typed; the first value greets the lead by name. */
const TYPED_TEMPLATE: TemplateChoice = { name: '', language: 'es_AR', variables: ['{{lead.firstName|hola}}'] };

/** The content the form describes, as the API takes it. */
function contentFrom(form: FormData, kind: ContentKind, template: TemplateChoice | undefined) {
  const text = (name: string) => String(form.get(name) ?? '').trim();
  if (kind === 'template') return { kind, ...templateMessage(template ?? { ...TYPED_TEMPLATE, variables: [] }) };
  return kind === 'voice' ? { kind, script: text('script') } : { kind, body: text('body') };
}

/** Content complete enough to estimate: a half-typed template name (Meta's are lower-case) estimates nothing yet. */
function estimable(content: ReturnType<typeof contentFrom>): boolean {
  if (content.kind === 'template') return /^[a-z0-9_]+$/.test(content.name) && content.language !== '';
  return (content.kind === 'voice' ? content.script : content.body) !== '';
}

function Designer() {
  const { t } = useI18n();
  const label = useLabel();
  const router = useRouter();
  const [tags, setTags] = useState('');
  const [zones, setZones] = useState('');
  const [kind, setKind] = useState<ContentKind>('template');
  const [template, setTemplate] = useState<TemplateChoice | undefined>(TYPED_TEMPLATE);
  const [maxRecipients, setMaxRecipients] = useState('');
  const [preview, setPreview] = useState<AudiencePreview>();
  const form = useRef<HTMLFormElement>(null);
  const [content, setContent] = useState('');
  const readContent = useCallback(() => {
    const current = form.current ? contentFrom(new FormData(form.current), kind, template) : undefined;
    setContent(current && estimable(current) ? JSON.stringify(current) : '');
  }, [kind, template]);
  useEffect(readContent, [readContent]);
  const capacity = useApi<MessagingCapacity>('/channels/whatsapp/capacity');
  const [problem, setProblem] = useState<ApiProblem>();
  const [busy, setBusy] = useState(false);
  const audience = useMemo(() => ({ ...(list(tags).length ? { tags: list(tags).map((tag) => tag.toLowerCase()) } : {}), ...(list(zones).length ? { zones: list(zones) } : {}) }), [tags, zones]);

  useEffect(() => {
    let current = true;
    const ask = (body: object) => api<AudiencePreview>('/campaigns/audience-preview', { method: 'POST', body });
    const timer = setTimeout(() => {
      // Content the API refuses (a variable it does not know) still leaves the count and capacity to show.
      const cap = Number(maxRecipients) > 0 ? { maxRecipients: Math.floor(Number(maxRecipients)) } : {};
      ask(content ? { audience, ...cap, content: JSON.parse(content) as unknown } : { audience, ...cap })
        .catch((error: unknown) => (content ? ask({ audience, ...cap }) : Promise.reject(error)))
        .then(
          (found) => current && setPreview(found),
          () => current && setPreview(undefined),
        );
    }, 300);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [audience, content, maxRecipients]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    setBusy(true);
    try {
      const created = await api<{ id: string }>('/campaigns', {
        method: 'POST',
        body: { name: text('name'), type: text('type'), audience, content: contentFrom(form, kind, template), ...scheduleFrom(form), ...(text('throttle') ? { throttlePerSecond: Number(text('throttle')) } : {}), ...(text('maxRecipients') ? { maxRecipients: Number(text('maxRecipients')) } : {}) },
      });
      const launch = (event.nativeEvent as SubmitEvent).submitter?.getAttribute('value') === 'launch';
      const refusal = launch ? await api(`/campaigns/${created.id}/launch`, { method: 'POST' }).then(() => undefined, (error: unknown) => (error instanceof Error ? error.message : String(error))) : undefined;
      router.push(`/campaigns/${created.id}${refusal ? `?problem=${encodeURIComponent(refusal)}` : ''}`);
    } catch (error) {
      setProblem(error instanceof ApiProblem ? error : new ApiProblem(0, String(error), undefined));
      setBusy(false);
    }
  }

  return (
    <form ref={form} onSubmit={submit} onChange={readContent} noValidate>
      <h1>{t('campaigns.new')}</h1>
      <section className="card">
        <TextField label={t('campaigns.name')} name="name" required error={problem?.field('name')} />
        <SelectField label={t('campaigns.type')} name="type" options={TYPES.map((value) => ({ value, label: label('campaignType', value) }))} />
      </section>
      <section className="card" aria-labelledby="audience-title">
        <h2 id="audience-title">{t('campaigns.audience')}</h2>
        <TextField label={t('campaigns.tags')} value={tags} onChange={(event) => setTags(event.target.value)} error={problem?.field('audience.tags.0')} />
        <TextField label={t('campaigns.zones')} value={zones} onChange={(event) => setZones(event.target.value)} />
        <p role="status" aria-live="polite" data-testid="audience-count">
          {preview === undefined ? '…' : t('campaigns.audienceCount', { count: preview.count })}
        </p>
        {preview?.reach ? <AudienceReachSummary reach={preview.reach} kind={kind} /> : null}
      </section>
      <section className="card" aria-labelledby="content-title">
        <h2 id="content-title">{t('campaigns.content')}</h2>
        <SelectField
          label={t('campaigns.contentKind')}
          value={kind}
          onChange={(event) => setKind(event.target.value as ContentKind)}
          options={[
            { value: 'template', label: t('campaigns.template') },
            { value: 'text', label: t('campaigns.text') },
            { value: 'voice', label: t('campaigns.voice') },
          ]}
        />
        {kind === 'template' ? (
          <TemplatePicker value={template} onChange={setTemplate} path="content" problem={problem} variablesHint={t('settings.variablesHelp', { variables: VARIABLES })} />
        ) : kind === 'voice' ? (
          <TextArea label={t('campaigns.script')} name="script" rows={4} defaultValue="Hola {{lead.firstName|vecino}}, " error={problem?.field('content.script')} />
        ) : (
          <TextArea label={t('campaigns.body')} name="body" rows={4} defaultValue="Hola {{lead.firstName|hola}}, " error={problem?.field('content.body')} />
        )}
        <TextField label={t('campaigns.throttle')} name="throttle" type="number" min={1} max={1000} error={problem?.field('throttlePerSecond')} />
        <TextField label={t('campaigns.maxRecipients')} name="maxRecipients" type="number" min={1} step={1} value={maxRecipients} onChange={(event) => setMaxRecipients(event.target.value)} error={problem?.field('maxRecipients')} />
      </section>
      <CapacityCost preview={preview} capacity={capacity.data} kind={kind} maxRecipients={Number(maxRecipients) > 0 ? Math.floor(Number(maxRecipients)) : undefined} />
      <ScheduleFields problem={problem} />
      {problem && problem.errors.length === 0 ? <ProblemMessage problem={problem} /> : null}
      <div className="row">
        <button type="submit" name="action" value="launch" disabled={busy}>
          {t('campaigns.createAndLaunch')}
        </button>
        <button type="submit" name="action" value="draft" className="secondary" disabled={busy}>
          {t('campaigns.saveDraft')}
        </button>
      </div>
    </form>
  );
}

export default function NewCampaignPage() {
  return (
    <ManagersOnly>
      <Designer />
    </ManagersOnly>
  );
}

'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { ManagersOnly } from '../../../../components/app-shell';
import { SelectField, TextArea, TextField } from '../../../../components/field';
import { ScheduleFields, scheduleFrom } from '../../../../components/campaign/schedule-fields';
import { ProblemMessage } from '../../../../components/states';
import { api, ApiProblem } from '../../../../lib/api';
import { useI18n } from '../../../../lib/i18n';
import { useLabel } from '../../../../lib/labels';

const TYPES = ['OPORTUNIDADES', 'FIDELIZACION', 'PROPIEDADES', 'CAPTACION'];
const list = (text: string) => text.split(',').map((item) => item.trim()).filter(Boolean);

function Designer() {
  const { t } = useI18n();
  const label = useLabel();
  const router = useRouter();
  const [tags, setTags] = useState('');
  const [zones, setZones] = useState('');
  const [kind, setKind] = useState<'template' | 'text' | 'voice'>('template');
  const [count, setCount] = useState<number>();
  const [problem, setProblem] = useState<ApiProblem>();
  const [busy, setBusy] = useState(false);
  const audience = useMemo(() => ({ ...(list(tags).length ? { tags: list(tags).map((tag) => tag.toLowerCase()) } : {}), ...(list(zones).length ? { zones: list(zones) } : {}) }), [tags, zones]);

  useEffect(() => {
    const timer = setTimeout(() => {
      api<{ count: number }>('/campaigns/audience-preview', { method: 'POST', body: { audience } }).then(
        (preview) => setCount(preview.count),
        () => setCount(undefined),
      );
    }, 300);
    return () => clearTimeout(timer);
  }, [audience]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const content =
      kind === 'template'
        ? { kind, name: text('templateName'), language: text('templateLanguage'), variables: text('templateVariables').split('\n').map((line) => line.trim()).filter(Boolean) }
        : kind === 'voice'
          ? { kind, script: text('script') }
          : { kind, body: text('body') };
    setBusy(true);
    try {
      const created = await api<{ id: string }>('/campaigns', {
        method: 'POST',
        body: { name: text('name'), type: text('type'), audience, content, ...scheduleFrom(form), ...(text('throttle') ? { throttlePerSecond: Number(text('throttle')) } : {}) },
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
    <form onSubmit={submit} noValidate>
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
          {count === undefined ? '…' : t('campaigns.audienceCount', { count })}
        </p>
      </section>
      <section className="card" aria-labelledby="content-title">
        <h2 id="content-title">{t('campaigns.content')}</h2>
        <SelectField
          label={t('campaigns.contentKind')}
          value={kind}
          onChange={(event) => setKind(event.target.value as 'template' | 'text' | 'voice')}
          options={[
            { value: 'template', label: t('campaigns.template') },
            { value: 'text', label: t('campaigns.text') },
            { value: 'voice', label: t('campaigns.voice') },
          ]}
        />
        {kind === 'template' ? (
          <>
            <TextField label={t('campaigns.templateName')} name="templateName" required error={problem?.field('content.name')} />
            <TextField label={t('campaigns.templateLanguage')} name="templateLanguage" defaultValue="es_AR" error={problem?.field('content.language')} />
            <TextArea label={t('campaigns.templateVariables')} name="templateVariables" rows={3} defaultValue="{{lead.firstName|hola}}" error={problem?.field('content.variables.0')} />
          </>
        ) : kind === 'voice' ? (
          <TextArea label={t('campaigns.script')} name="script" rows={4} defaultValue="Hola {{lead.firstName|vecino}}, " error={problem?.field('content.script')} />
        ) : (
          <TextArea label={t('campaigns.body')} name="body" rows={4} defaultValue="Hola {{lead.firstName|hola}}, " error={problem?.field('content.body')} />
        )}
        <TextField label={t('campaigns.throttle')} name="throttle" type="number" min={1} max={1000} error={problem?.field('throttlePerSecond')} />
      </section>
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

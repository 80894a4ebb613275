'use client';

import { useState, type FormEvent } from 'react';
import { api } from '../../lib/api';
import { useI18n } from '../../lib/i18n';
import { useLabel } from '../../lib/labels';
import type { MessageKey } from '../../lib/messages';
import { useAction } from '../../lib/use-action';
import { useApi } from '../../lib/use-api';
import { SelectField, TextArea, TextField } from '../field';
import { Outcome } from '../outcome';
import { ListStatus } from '../states';
import { StatusBadge } from '../ui/status-badge';

type Mapping = { kind: 'field'; field: string } | { kind: 'text'; text: string };

interface Template {
  id: string;
  name: string;
  language: string;
  category: string;
  status: string;
  /** Meta's reason for a rejection, pause or disable (a code such as INCORRECT_CATEGORY). */
  statusReason: string | null;
  qualityRating: string | null;
  bodyText: string | null;
  variables: Mapping[];
}

/** The fields a {{n}} can take its value from (the API's TEMPLATE_VARIABLES). */
const FIELDS = ['lead.firstName', 'lead.name', 'lead.zone', 'agency.name', 'property.title', 'property.zone', 'property.price', 'property.url'];
const FIXED_TEXT = 'text';

const KNOWN_REASONS = ['INCORRECT_CATEGORY', 'INVALID_FORMAT', 'ABUSIVE_CONTENT', 'SCAM', 'TAG_CONTENT_MISMATCH', 'PROMOTIONAL', 'LOW_QUALITY'];

function StatusReason({ code }: { code: string }) {
  const { t } = useI18n();
  const reason = KNOWN_REASONS.includes(code) ? t(`templates.reason.${code}` as MessageKey) : t('templates.reason.other', { code });
  return <small className="muted">{t('templates.reason', { reason })}</small>;
}

const variableCount = (body: string) => Math.max(0, ...[...body.matchAll(/\{\{\s*(\d+)\s*\}\}/g)].map((match) => Number(match[1])));

function VariableRow({ index, problem }: { index: number; problem?: string }) {
  const { t } = useI18n();
  const [source, setSource] = useState(FIELDS[0]!);
  const placeholder = `{{${index + 1}}}`;
  return (
    <fieldset className="row">
      <legend>{placeholder}</legend>
      <SelectField
        label={t('templates.source')}
        name={`source-${index}`}
        value={source}
        onChange={(event) => setSource(event.target.value)}
        options={[...FIELDS.map((field) => ({ value: field, label: field })), { value: FIXED_TEXT, label: t('templates.fixedText') }]}
        error={problem}
      />
      {source === FIXED_TEXT ? <TextField label={t('templates.fixedText')} name={`text-${index}`} /> : null}
      <TextField label={t('templates.example', { placeholder })} name={`example-${index}`} required />
    </fieldset>
  );
}

function CreateTemplateForm({ onCreated }: { onCreated: () => Promise<void> }) {
  const { t } = useI18n();
  const label = useLabel();
  const action = useAction();
  const [body, setBody] = useState('');
  const count = variableCount(body);

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const value = (name: string) => String(form.get(name) ?? '').trim();
    const indexes = Array.from({ length: count }, (_unused, index) => index);
    const variables: Mapping[] = indexes.map((index) => (value(`source-${index}`) === FIXED_TEXT ? { kind: 'text', text: value(`text-${index}`) } : { kind: 'field', field: value(`source-${index}`) }));
    const components = [
      ...(value('header') ? [{ type: 'HEADER', format: 'TEXT', text: value('header') }] : []),
      { type: 'BODY', text: body, ...(count ? { example: { body_text: [indexes.map((index) => value(`example-${index}`))] } } : {}) },
      ...(value('footer') ? [{ type: 'FOOTER', text: value('footer') }] : []),
    ];
    const payload = { name: value('name'), language: value('language'), category: value('category'), components, variables };
    if (await action.run(() => api('/templates', { method: 'POST', body: payload }), t('templates.submitted'))) await onCreated();
  }

  const componentProblem = action.problem?.errors.find((error) => error.path.startsWith('components'))?.message;
  return (
    <form onSubmit={create} noValidate>
      <h3>{t('templates.new')}</h3>
      <div className="row">
        <TextField label={t('templates.name')} name="name" hint={t('templates.nameHint')} error={action.problem?.field('name')} />
        <TextField label={t('templates.language')} name="language" defaultValue="es_AR" error={action.problem?.field('language')} />
        <SelectField label={t('templates.category')} name="category" options={['MARKETING', 'UTILITY', 'AUTHENTICATION'].map((value) => ({ value, label: label('templateCategory', value) }))} />
      </div>
      <TextField label={t('templates.header')} name="header" />
      <TextArea label={t('templates.body')} name="body" value={body} onChange={(event) => setBody(event.target.value)} hint={t('templates.bodyHint')} error={componentProblem} />
      <TextField label={t('templates.footer')} name="footer" />
      {Array.from({ length: count }, (_unused, index) => (
        <VariableRow key={index} index={index} problem={action.problem?.field(`variables.${index}.field`) ?? action.problem?.field(`variables.${index}.text`)} />
      ))}
      {action.problem?.field('variables') ? <p className="alert">{action.problem.field('variables')}</p> : null}
      <Outcome problem={action.problem} done={action.done} />
      <button type="submit">{t('templates.submit')}</button>
    </form>
  );
}

function TemplatePreview({ templates }: { templates: Template[] }) {
  const { t } = useI18n();
  const leads = useApi<{ items: { id: string; name: string | null; phone: string }[] }>('/leads');
  const action = useAction();
  const [preview, setPreview] = useState<string>();

  async function show(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPreview(undefined);
    await action.run(async () => setPreview((await api<{ text: string }>(`/templates/${String(form.get('templateId'))}/preview`, { method: 'POST', body: { leadId: String(form.get('leadId')) } })).text));
  }

  return (
    <form onSubmit={show} noValidate>
      <h3>{t('templates.preview')}</h3>
      <div className="row">
        <SelectField label={t('templates.template')} name="templateId" options={templates.map((template) => ({ value: template.id, label: `${template.name} (${template.language})` }))} />
        <SelectField label={t('templates.lead')} name="leadId" options={(leads.data?.items ?? []).map((lead) => ({ value: lead.id, label: lead.name ?? lead.phone }))} />
      </div>
      <Outcome problem={action.problem} />
      <button type="submit" className="secondary" disabled={templates.length === 0}>
        {t('templates.showPreview')}
      </button>
      {preview ? <blockquote role="status">{preview}</blockquote> : null}
    </form>
  );
}

/** Settings › WhatsApp templates: the registry with Meta's statuses, new templates, sync and preview. */
export function TemplateSettings() {
  const { t } = useI18n();
  const label = useLabel();
  const list = useApi<{ items: Template[] }>('/templates', { shared: true });
  const action = useAction();

  async function sync() {
    if (await action.run(() => api('/templates/sync', { method: 'POST' }), t('templates.synced'))) await list.reload();
  }

  async function remove(template: Template) {
    if (!window.confirm(t('templates.confirmDelete', { name: template.name }))) return;
    if (await action.run(() => api(`/templates/${template.id}`, { method: 'DELETE' }), t('templates.deleted'))) await list.reload();
  }

  const templates = list.data?.items ?? [];
  return (
    <div>
      <div className="row">
        <button type="button" className="secondary" onClick={() => void sync()}>
          {t('templates.sync')}
        </button>
      </div>
      <Outcome problem={action.problem} done={action.done} />
      <ListStatus list={list} />
      {templates.length ? (
        <table>
          <thead>
            <tr>
              <th>{t('templates.name')}</th>
              <th>{t('templates.language')}</th>
              <th>{t('templates.category')}</th>
              <th>{t('templates.status')}</th>
              <th>{t('templates.quality')}</th>
              <th>{t('templates.body')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {templates.map((template) => (
              <tr key={template.id}>
                <td>{template.name}</td>
                <td>{template.language}</td>
                <td>{label('templateCategory', template.category)}</td>
                <td>
                  <StatusBadge kind="templateStatus" code={template.status} />
                  {template.statusReason ? <StatusReason code={template.statusReason} /> : null}
                </td>
                <td>{template.qualityRating ?? '—'}</td>
                <td className="muted">{template.bodyText}</td>
                <td>
                  <button type="button" className="secondary" onClick={() => void remove(template)}>
                    {t('templates.delete')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <TemplatePreview templates={templates} />
      <CreateTemplateForm onCreated={list.reload} />
    </div>
  );
}

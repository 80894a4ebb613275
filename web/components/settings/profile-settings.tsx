'use client';

import { useState, type FormEvent } from 'react';
import { api } from '../../lib/api';
import { useI18n } from '../../lib/i18n';
import { useAction } from '../../lib/use-action';
import { useApi } from '../../lib/use-api';
import { SelectField, TextField } from '../field';
import { Outcome } from '../outcome';
import { Loading } from '../states';
import { TemplatePicker, type TemplateChoice } from '../templates/template-picker';

type TemplateRef = { name: string; language: string };

interface Profile {
  name: string;
  contactName: string | null;
  contactEmail: string | null;
  contactPhone: string | null;
  timeZone: string;
  settings: { welcomeTemplate: TemplateRef | null; followUpTemplate: TemplateRef | null };
}

/** Astor fills the welcome and reminder's {{1}} with the lead's first name. */
const NAME_VALUE = ['{{lead.firstName}}'];
const choiceOf = (ref: TemplateRef | null): TemplateChoice | undefined => (ref ? { ...ref, variables: [] } : undefined);
const refOf = (choice: TemplateChoice | undefined): TemplateRef | null => (choice?.name ? { name: choice.name, language: choice.language } : null);

/** The templates intake sends a lead from a form: the welcome, and the reminder while it stays silent. */
function LeadTemplates({ settings }: { settings: Profile['settings'] }) {
  const { t } = useI18n();
  const action = useAction();
  const [welcome, setWelcome] = useState(choiceOf(settings.welcomeTemplate));
  const [followUp, setFollowUp] = useState(choiceOf(settings.followUpTemplate));

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    await action.run(() => api('/tenant', { method: 'PATCH', body: { settings: { welcomeTemplate: refOf(welcome), followUpTemplate: refOf(followUp) } } }), t('settings.saved'));
  }

  return (
    <form onSubmit={save} noValidate aria-labelledby="lead-templates">
      <h3 id="lead-templates">{t('settings.leadTemplates')}</h3>
      <p className="muted">{t('settings.leadTemplatesHint')}</p>
      <TemplatePicker label={t('settings.welcomeTemplate')} value={welcome} onChange={setWelcome} path="settings.welcomeTemplate" problem={action.problem} optional fixedValues={NAME_VALUE} />
      <TemplatePicker label={t('settings.followUpTemplate')} value={followUp} onChange={setFollowUp} path="settings.followUpTemplate" problem={action.problem} optional fixedValues={NAME_VALUE} />
      <Outcome problem={action.problem} done={action.done} />
      <button type="submit">{t('common.save')}</button>
    </form>
  );
}

const TIME_ZONES = ['America/Argentina/Buenos_Aires', 'America/Santiago', 'America/Mexico_City', 'America/Bogota', 'America/Lima', 'America/Montevideo', 'America/Asuncion', 'America/Caracas', 'Europe/Madrid'];

export function ProfileSettings() {
  const { t } = useI18n();
  const profile = useApi<Profile>('/tenant');
  const action = useAction();

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const optional = (name: string) => String(form.get(name) ?? '').trim() || null;
    const body = { name: String(form.get('name') ?? '').trim(), contactName: optional('contactName'), contactEmail: optional('contactEmail'), contactPhone: optional('contactPhone'), timeZone: form.get('timeZone') };
    await action.run(() => api('/tenant', { method: 'PATCH', body }), t('settings.saved'));
  }

  if (!profile.data) return <Loading />;
  const current = profile.data;
  const zones = TIME_ZONES.includes(current.timeZone) ? TIME_ZONES : [current.timeZone, ...TIME_ZONES];
  return (
    <>
      <form onSubmit={save} noValidate>
        <div className="grid">
          <TextField label={t('settings.agencyName')} name="name" defaultValue={current.name} required error={action.problem?.field('name')} />
          <TextField label={t('settings.contactName')} name="contactName" defaultValue={current.contactName ?? ''} error={action.problem?.field('contactName')} />
          <TextField label={t('settings.contactEmail')} name="contactEmail" type="email" defaultValue={current.contactEmail ?? ''} error={action.problem?.field('contactEmail')} />
          <TextField label={t('settings.contactPhone')} name="contactPhone" defaultValue={current.contactPhone ?? ''} error={action.problem?.field('contactPhone')} />
          <SelectField label={t('settings.timeZone')} name="timeZone" defaultValue={current.timeZone} options={zones.map((zone) => ({ value: zone, label: zone }))} />
        </div>
        <Outcome problem={action.problem} done={action.done} />
        <button type="submit">{t('common.save')}</button>
      </form>
      <LeadTemplates settings={current.settings} />
    </>
  );
}

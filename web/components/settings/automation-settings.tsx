'use client';

import { useState, type FormEvent } from 'react';
import { api } from '../../lib/api';
import { useI18n } from '../../lib/i18n';
import type { MessageKey } from '../../lib/messages';
import { useAction } from '../../lib/use-action';
import { useApi } from '../../lib/use-api';
import { TextField } from '../field';
import { Outcome } from '../outcome';
import { Loading } from '../states';
import { TemplatePicker, type TemplateChoice } from '../templates/template-picker';
import { templateMessage } from '../templates/template-choice';

type Message = { kind: 'template'; name: string; language: string; variables: string[] } | { kind: 'text'; body: string };
interface Rule {
  enabled: boolean;
  message: Message | null;
  hoursBefore?: number;
  hoursAfter?: number;
  minDropPercent?: number;
}
interface Automations {
  rules: Record<string, Rule>;
  variables: { visits: string[]; alerts: string[] };
}

const TIMING: Record<string, { field: 'hoursBefore' | 'hoursAfter' | 'minDropPercent'; label: MessageKey } | undefined> = {
  visitReminder: { field: 'hoursBefore', label: 'settings.hoursBefore' },
  visitFollowUp: { field: 'hoursAfter', label: 'settings.hoursAfter' },
  priceDropAlert: { field: 'minDropPercent', label: 'settings.minDropPercent' },
};

/** One rule: on or off, the approved template it sends (with its variables) and its timing. */
function RuleForm({ name, rule, variables, onSaved }: { name: string; rule: Rule; variables: string[]; onSaved(): void }) {
  const { t } = useI18n();
  const action = useAction();
  const [template, setTemplate] = useState<TemplateChoice | undefined>(rule.message?.kind === 'template' ? rule.message : undefined);
  const timing = TIMING[name];

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const body = {
      enabled: form.get('enabled') === 'on',
      message: template?.name ? { kind: 'template', ...templateMessage(template) } : null,
      ...(timing ? { [timing.field]: Number(form.get(timing.field)) } : {}),
    };
    if (await action.run(() => api(`/automations/${name}`, { method: 'PUT', body }), t('settings.saved'))) onSaved();
  }

  return (
    <form onSubmit={save} noValidate className="card" aria-labelledby={`rule-${name}`}>
      <h3 id={`rule-${name}`}>{t(`settings.rule.${name}` as MessageKey)}</h3>
      <label className="check">
        <input type="checkbox" name="enabled" defaultChecked={rule.enabled} /> {t('settings.enabled')}
      </label>
      <TemplatePicker value={template} onChange={setTemplate} path="message" problem={action.problem} optional variablesHint={t('settings.variablesHelp', { variables: variables.map((variable) => `{{${variable}}}`).join(' ') })} />
      {timing ? <TextField label={t(timing.label)} name={timing.field} type="number" step="any" min={timing.field === 'minDropPercent' ? 0 : 1} defaultValue={rule[timing.field]} error={action.problem?.field(timing.field)} /> : null}
      <Outcome problem={action.problem} done={action.done} />
      <button type="submit">{t('common.save')}</button>
    </form>
  );
}

export function AutomationSettings() {
  const automations = useApi<Automations>('/automations');
  if (!automations.data) return <Loading />;
  const { rules, variables } = automations.data;
  return (
    <>
      {Object.entries(rules).map(([name, rule]) => (
        <RuleForm key={name} name={name} rule={rule} variables={name.startsWith('visit') ? variables.visits : variables.alerts} onSaved={() => void automations.reload()} />
      ))}
    </>
  );
}

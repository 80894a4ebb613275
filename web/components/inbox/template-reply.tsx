'use client';

import { useState, type FormEvent } from 'react';
import { api } from '../../lib/api';
import { useI18n } from '../../lib/i18n';
import { TemplatePicker, type TemplateChoice } from '../templates/template-picker';
import { keyOf } from '../templates/template-choice';

export interface TemplateReplyBody {
  name: string;
  language: string;
  bodyParameters: string[];
}

/**
 * An approved template for a contact outside the 24-hour window or in a closed conversation. Its
 * values start as the lead's own data renders them (the registry's mapping, through the API's
 * preview), so the agent sends words, not {{lead.firstName}}; any the lead lacks are left to type.
 */
export function TemplateReply({ leadId, reopening, onSend }: { leadId: string; reopening: boolean; onSend(template: TemplateReplyBody): Promise<boolean> }) {
  const { t } = useI18n();
  const [choice, setChoice] = useState<TemplateChoice>();

  async function choose(next: TemplateChoice | undefined) {
    if (!next?.registryId || (choice && keyOf(choice) === keyOf(next))) return setChoice(next);
    setChoice({ ...next, variables: next.variables.map(() => '') });
    const preview = await api<{ parameters: string[] }>(`/templates/${next.registryId}/preview`, { method: 'POST', body: { leadId } }).catch(() => undefined);
    if (preview) setChoice((current) => (current && keyOf(current) === keyOf(next) ? { ...current, variables: preview.parameters } : current));
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!choice?.name) return;
    if (await onSend({ name: choice.name, language: choice.language, bodyParameters: choice.variables.map((value) => value.trim()) })) setChoice(undefined);
  }

  return (
    <form onSubmit={submit} className="card" aria-label={t(reopening ? 'inbox.reopen' : 'inbox.sendTemplate')}>
      <p>{t(reopening ? 'inbox.closedNote' : 'inbox.templateNeeded')}</p>
      <TemplatePicker value={choice} onChange={(next) => void choose(next)} path="template" />
      <button type="submit" disabled={!choice?.name}>
        {t(reopening ? 'inbox.reopen' : 'inbox.sendTemplate')}
      </button>
    </form>
  );
}

'use client';

import { useId, useState } from 'react';
import type { ApiProblem } from '../../lib/api';
import { useI18n } from '../../lib/i18n';
import type { MessageKey } from '../../lib/messages';
import { useApi } from '../../lib/use-api';
import { describedBy, FieldFrame, TextArea, TextField } from '../field';
import { Loading, ProblemMessage } from '../states';
import { TemplatePreview } from './template-preview';
import { bodyVariableCount, keyOf, prefilledVariables, type RegisteredTemplate, type TemplateChoice } from './template-choice';

export type { TemplateChoice } from './template-choice';

interface Props {
  /** No template, or (before the first sync) one whose name is still being typed when `name` is empty. */
  value: TemplateChoice | undefined;
  onChange(choice: TemplateChoice | undefined): void;
  /** Where the API names this choice in its problems (`content`, `message`, `settings.welcomeTemplate`). */
  path: string;
  problem?: ApiProblem;
  /** The placeholder option: "choose one" where a template is required, "none" where it may be left out. */
  optional?: boolean;
  /** Where one form holds several pickers, what each is for. */
  label?: string;
  /** Values Astor fills itself (the welcome greets by first name): none are asked, the preview shows these. */
  fixedValues?: string[];
  /** Which Astor variables ({{lead.firstName}}…) the values may use here. */
  variablesHint?: string;
}

/**
 * Chooses one of the agency's WhatsApp templates: only those Meta approved can be picked (the others are
 * listed, disabled, with their status, so nobody looks for a missing one); shows the body with the values
 * given for its {{n}}. Until the agency syncs its templates the name is typed, as the API then takes any.
 */
export function TemplatePicker(props: Props) {
  const list = useApi<{ items: RegisteredTemplate[] }>('/templates', { shared: true });
  if (list.error) return <ProblemMessage problem={list.error} />;
  if (!list.data) return <Loading />;
  return list.data.items.length ? <RegistryPicker {...props} templates={list.data.items} /> : <TypedTemplate {...props} />;
}

function RegistryPicker({ value: given, onChange, path, problem, optional, label, fixedValues, variablesHint, templates }: Props & { templates: RegisteredTemplate[] }) {
  const { t } = useI18n();
  const id = useId();
  // A typed-mode value without a name yet is no choice.
  const value = given?.name ? given : undefined;
  const chosen = value ? templates.find((template) => keyOf(template) === keyOf(value)) : undefined;
  const ordered = [...templates].sort((a, b) => Number(b.status === 'APPROVED') - Number(a.status === 'APPROVED'));
  // The API names the field in English and tells why in the page's language: one template refused, its detail says it best.
  const refused = problem?.field(path) && (problem.errors.length === 1 && problem.detail ? problem.detail : problem.field(path));
  const error = refused || problem?.field(`${path}.name`);
  const count = !fixedValues && chosen ? bodyVariableCount(chosen.bodyText) : 0;
  const variables = Array.from({ length: count }, (_unused, index) => value?.variables[index] ?? '');
  const fieldLabel = label ?? t('templatePicker.label');
  const hint = t('templatePicker.onlyApproved');

  function choose(key: string) {
    const template = templates.find((candidate) => keyOf(candidate) === key);
    onChange(template ? { name: template.name, language: template.language, variables: fixedValues ? [] : prefilledVariables(template), registryId: template.id } : undefined);
  }

  return (
    <div className="template-picker" data-testid="template-picker">
      <FieldFrame id={id} label={fieldLabel} error={error} hint={hint}>
        <select id={id} value={value ? keyOf(value) : ''} onChange={(event) => choose(event.target.value)} aria-invalid={Boolean(error)} aria-describedby={describedBy(id, { label: fieldLabel, error, hint })}>
          <option value="">{optional ? t('templatePicker.none') : t('templatePicker.choose')}</option>
          {value && !chosen ? (
            <option value={keyOf(value)} disabled>
              {`${value.name} · ${value.language} — ${t('templatePicker.unknown')}`}
            </option>
          ) : null}
          {ordered.map((template) => (
            <option key={template.id} value={keyOf(template)} disabled={template.status !== 'APPROVED'}>
              {template.status === 'APPROVED' ? `${template.name} · ${template.language}` : `${template.name} · ${template.language} — ${t(`templates.status.${template.status}` as MessageKey)}`}
            </option>
          ))}
        </select>
      </FieldFrame>
      {chosen ? <TemplatePreview body={chosen.bodyText} values={fixedValues ?? variables} /> : null}
      {variables.map((variable, index) => (
        <TextField
          key={`${keyOf(chosen!)}-${index}`}
          label={t('templatePicker.variable', { placeholder: `{{${index + 1}}}` })}
          value={variable}
          onChange={(event) => onChange({ ...value!, variables: variables.map((current, position) => (position === index ? event.target.value : current)) })}
          hint={index === 0 ? variablesHint : undefined}
          error={problem?.field(`${path}.variables.${index}`)}
        />
      ))}
    </div>
  );
}

/** Before the first sync the registry is empty: the name is typed as Meta approved it, the values one per line. */
function TypedTemplate({ value, onChange, path, problem, label, fixedValues, variablesHint }: Props) {
  const { t } = useI18n();
  const current = value ?? { name: '', language: 'es_AR', variables: [] };
  const [lines, setLines] = useState(current.variables.join('\n'));
  const change = (next: Partial<TemplateChoice>) => onChange({ ...current, ...next });
  return (
    <div className="template-picker" data-testid="template-picker">
      <p className="muted">{t('templatePicker.noRegistry')}</p>
      <TextField label={label ?? t('templatePicker.name')} value={current.name} onChange={(event) => change({ name: event.target.value.trim() })} error={problem?.field(`${path}.name`) ?? problem?.field(path)} />
      <TextField label={t('templatePicker.language')} value={current.language} onChange={(event) => change({ language: event.target.value.trim() })} error={problem?.field(`${path}.language`)} />
      {!fixedValues ? (
        <TextArea
          label={t('templatePicker.values')}
          rows={2}
          value={lines}
          onChange={(event) => {
            setLines(event.target.value);
            change({ variables: event.target.value.split('\n').map((line) => line.trim()).filter(Boolean) });
          }}
          hint={variablesHint}
          error={problem?.errors.find((error) => error.path.startsWith(`${path}.variables`))?.message}
        />
      ) : null}
    </div>
  );
}

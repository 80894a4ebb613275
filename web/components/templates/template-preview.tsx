'use client';

import { useI18n } from '../../lib/i18n';
import { PLACEHOLDER } from './template-choice';

/** The template's body as it goes out: each {{n}} shows the value given for it, or stays {{n}} while empty. */
export function TemplatePreview({ body, values }: { body: string | null; values: string[] }) {
  const { t } = useI18n();
  if (!body) return <p className="muted">{t('templatePicker.noBody')}</p>;
  const parts = body.split(PLACEHOLDER);
  return (
    <figure className="template-preview" data-testid="template-preview">
      <figcaption>{t('templatePicker.preview')}</figcaption>
      <p>
        {parts.map((part, index) => {
          if (index % 2 === 0) return part;
          const value = values[Number(part) - 1]?.trim();
          return (
            <mark key={index} className={value ? undefined : 'empty'}>
              {value || `{{${part}}}`}
            </mark>
          );
        })}
      </p>
    </figure>
  );
}

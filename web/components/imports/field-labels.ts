'use client';

import { useI18n } from '../../lib/i18n';
import { messages, type MessageKey } from '../../lib/messages';

/** Astor's import fields in the reader's words ("phone" reads "Teléfono"); a field this page does not know shows as sent. */
export function useFieldLabel() {
  const { t } = useI18n();
  return (field: string) => {
    const key = `imports.field.${field}`;
    return key in messages.es ? t(key as MessageKey) : field;
  };
}

/** A problem's sentence with the field names it quotes ("Asigná una columna a phone / email") in the reader's words. */
export function useWithFieldLabels() {
  const label = useFieldLabel();
  return (text: string, fields: string[]) => fields.reduce((sentence, field) => sentence.replace(new RegExp(`\\b${field}\\b`, 'g'), label(field)), text);
}

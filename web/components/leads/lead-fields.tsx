'use client';

import type { ApiProblem } from '../../lib/api';
import { useI18n } from '../../lib/i18n';
import { useLabel, type LabelKind } from '../../lib/labels';
import type { MessageKey } from '../../lib/messages';
import { STAGES } from '../../lib/stages';
import { SelectField, TextArea, TextField } from '../field';
import type { Lead } from './lead-body';

const ORIGINS = ['MANUAL', 'WHATSAPP', 'WEB', 'LANDING', 'META_ADS', 'REFERRAL', 'MANYCHAT', 'UCHAT', 'IMPORT'] satisfies Lead['origin'][];
const TYPES = ['APARTMENT', 'HOUSE', 'PH', 'LAND', 'OFFICE', 'COMMERCIAL', 'WAREHOUSE', 'OTHER'] satisfies NonNullable<Lead['searchType']>[];
const OPERATIONS = ['SALE', 'RENT'] satisfies NonNullable<Lead['searchOperation']>[];
const CURRENCIES = ['USD', 'ARS'];

/**
 * Every field of a lead the API takes, each showing the API's problem for it. A new lead also
 * chooses its origin and first stage; an existing lead changes stage with the page's own selector.
 */
export function LeadFields({ lead, problem, purpose }: { lead?: Lead; problem?: ApiProblem; purpose: 'create' | 'update' }) {
  const { t } = useI18n();
  const label = useLabel();
  const error = (field: string) => problem?.field(field);
  const choices = (kind: LabelKind, codes: string[], none?: MessageKey) => [...(none ? [{ value: '', label: t(none) }] : []), ...codes.map((value) => ({ value, label: label(kind, value) }))];
  const text = (value: string | null | undefined) => value ?? '';
  const number = (value: number | null | undefined) => (value == null ? '' : String(value));

  return (
    <div className="grid">
      <TextField label={t('leads.name')} name="name" defaultValue={text(lead?.name)} maxLength={160} error={error('name')} />
      <TextField label={t('leads.phone')} name="phone" type="tel" defaultValue={text(lead?.phone)} hint={t('leads.phoneHint')} error={error('phone')} />
      <TextField label={t('leads.email')} name="email" type="email" defaultValue={text(lead?.email)} error={error('email')} />
      <TextField label={t('leads.dni')} name="dni" defaultValue={text(lead?.dni)} error={error('dni')} />
      {purpose === 'create' ? (
        <>
          <SelectField label={t('leads.origin')} name="origin" options={choices('origin', ORIGINS)} error={error('origin')} />
          <SelectField label={t('leads.initialStage')} name="stage" options={choices('stage', STAGES)} error={error('stage')} />
        </>
      ) : null}
      <TextField label={t('leads.tagsField')} name="tags" defaultValue={lead?.tags.join(', ') ?? ''} error={error('tags') ?? problem?.errors.find((item) => item.path.startsWith('tags.'))?.message} />
      <TextField label={t('leads.searchZone')} name="searchZone" defaultValue={text(lead?.searchZone)} error={error('searchZone')} />
      <SelectField label={t('leads.searchType')} name="searchType" defaultValue={text(lead?.searchType)} options={choices('propertyType', TYPES, 'leads.any')} error={error('searchType')} />
      <SelectField label={t('leads.searchOperation')} name="searchOperation" defaultValue={text(lead?.searchOperation)} options={choices('operation', OPERATIONS, 'leads.any')} error={error('searchOperation')} />
      <TextField label={t('leads.budgetMin')} name="budgetMin" type="number" min={0} defaultValue={number(lead?.budgetMin)} error={error('budgetMin')} />
      <TextField label={t('leads.budgetMax')} name="budgetMax" type="number" min={0} defaultValue={number(lead?.budgetMax)} error={error('budgetMax')} />
      <SelectField
        label={t('leads.budgetCurrency')}
        name="budgetCurrency"
        defaultValue={text(lead?.budgetCurrency)}
        options={[{ value: '', label: t('leads.any') }, ...CURRENCIES.map((value) => ({ value, label: value }))]}
        error={error('budgetCurrency')}
      />
      <TextField label={t('leads.roomsMin')} name="roomsMin" type="number" min={0} max={50} defaultValue={number(lead?.roomsMin)} error={error('roomsMin')} />
      <TextArea label={t('leads.notes')} name="notes" rows={3} defaultValue={text(lead?.notes)} maxLength={5000} error={error('notes')} />
    </div>
  );
}

'use client';

import Link from 'next/link';
import type { FormEvent } from 'react';
import { SelectField, TextField } from '../../../components/field';
import { DataTable } from '../../../components/data-table';
import { ListStatus, LoadMore } from '../../../components/states';
import { api } from '../../../lib/api';
import { useI18n } from '../../../lib/i18n';
import { useLabel } from '../../../lib/labels';
import { isManager, useSession } from '../../../lib/session';
import { usePagedApi } from '../../../lib/use-paged-api';
import { useAction } from '../../../lib/use-action';
import { Outcome } from '../../../components/outcome';
import { PropertyControls } from '../../../components/property-controls';
import { Building2 } from 'lucide-react';
import { EmptyState } from '../../../components/ui/empty-state';
import { StatusBadge } from '../../../components/ui/status-badge';

interface Property {
  id: string;
  title: string;
  price: number;
  currency: string;
  operation: string;
  type: string;
  zone: string;
  status: string;
}

const TYPES = ['APARTMENT', 'HOUSE', 'PH', 'LAND', 'OFFICE', 'COMMERCIAL', 'WAREHOUSE', 'OTHER'];
const OPERATIONS = ['SALE', 'RENT'];

function NewPropertyForm({ onCreated }: { onCreated(): void }) {
  const { t } = useI18n();
  const label = useLabel();
  const action = useAction();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const photo = text('photo');
    const body = {
      title: text('title'),
      price: Number(text('price')),
      currency: text('currency'),
      operation: text('operation'),
      type: text('type'),
      zone: text('zone'),
      ...(text('address') ? { address: text('address') } : {}),
      ...(text('rooms') ? { rooms: Number(text('rooms')) } : {}),
      ...(photo ? { photoUrls: [photo] } : {}),
    };
    if (await action.run(() => api('/properties', { method: 'POST', body }), t('properties.created'))) {
      formElement.reset();
      onCreated();
    }
  }

  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby="new-property">
      <h2 id="new-property">{t('properties.new')}</h2>
      <div className="grid">
        <TextField label={t('properties.titleField')} name="title" required error={action.problem?.field('title')} />
        <TextField label={t('properties.price')} name="price" type="number" min={0} required error={action.problem?.field('price')} />
        <SelectField label={t('properties.currency')} name="currency" options={['USD', 'ARS', 'CLP', 'MXN'].map((value) => ({ value, label: value }))} />
        <SelectField label={t('properties.operation')} name="operation" options={OPERATIONS.map((value) => ({ value, label: label('operation', value) }))} />
        <SelectField label={t('properties.type')} name="type" options={TYPES.map((value) => ({ value, label: label('propertyType', value) }))} />
        <TextField label={t('properties.zone')} name="zone" required error={action.problem?.field('zone')} />
        <TextField label={t('properties.address')} name="address" error={action.problem?.field('address')} />
        <TextField label={t('properties.rooms')} name="rooms" type="number" min={0} error={action.problem?.field('rooms')} />
        <TextField label={t('properties.photo')} name="photo" type="url" error={action.problem?.field('photoUrls.0')} />
      </div>
      <Outcome problem={action.problem} done={action.done} />
      <button type="submit">{t('common.create')}</button>
    </form>
  );
}

export default function PropertiesPage() {
  const { t } = useI18n();
  const label = useLabel();
  const { user } = useSession();
  const list = usePagedApi<Property>('/properties?limit=100');
  const action = useAction();
  const manager = isManager(user.role);
  const changed = () => void action.run(() => list.reload(), t('properties.updated'));
  const failed = (error: unknown) => void action.run(() => Promise.reject(error));

  return (
    <>
      <h1>{t('properties.title')}</h1>
      {manager ? <NewPropertyForm onCreated={() => void list.reload()} /> : null}
      <ListStatus list={list} empty={<EmptyState icon={Building2} title={t('properties.empty')} hint={t(manager ? 'properties.emptyHint' : 'properties.emptyHintAgent')} />} />
      <Outcome problem={action.problem} done={action.done} />
      <DataTable
        rows={list.data?.items ?? []}
        columns={[
          { header: t('properties.titleField'), cell: (property) => <Link href={`/properties/${property.id}`}>{property.title}</Link> },
          { header: t('properties.operation'), cell: (property) => label('operation', property.operation) },
          { header: t('properties.zone'), cell: (property) => property.zone },
          { header: t('properties.price'), cell: (property) => `${property.currency} ${property.price.toLocaleString('es-AR')}` },
          {
            header: t('properties.status'),
            cell: (property) => (manager ? <PropertyControls property={property} onChanged={changed} onProblem={failed} /> : <StatusBadge kind="propertyStatus" code={property.status} />),
          },
        ]}
      />
      <LoadMore list={list} />
    </>
  );
}

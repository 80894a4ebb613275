'use client';

import { useState, type FormEvent } from 'react';
import { api } from '../lib/api';
import { useI18n } from '../lib/i18n';
import { useLabel } from '../lib/labels';

const STATUSES = ['AVAILABLE', 'RESERVED', 'SOLD', 'RENTED'];

interface Editable {
  id: string;
  title: string;
  price: number;
  status: string;
}

/** Price and status changed in place: a lower price alerts interested leads, leaving the market stops the alerts. */
export function PropertyControls({ property, onChanged, onProblem }: { property: Editable; onChanged(): void; onProblem(error: unknown): void }) {
  const { t } = useI18n();
  const label = useLabel();
  const [price, setPrice] = useState(String(property.price));
  const change = (body: object) => api(`/properties/${property.id}`, { method: 'PATCH', body }).then(onChanged, onProblem);

  function savePrice(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (Number(price) !== property.price) void change({ price: Number(price) });
  }

  return (
    <div className="row">
      <form onSubmit={savePrice} className="row">
        <input aria-label={t('properties.changePrice', { title: property.title })} type="number" min={0} value={price} onChange={(event) => setPrice(event.target.value)} style={{ width: '9rem' }} />
        <button type="submit" className="secondary">
          {t('common.save')}
        </button>
      </form>
      <select aria-label={t('properties.statusOf', { title: property.title })} value={property.status} onChange={(event) => void change({ status: event.target.value })} style={{ width: 'auto' }}>
        {STATUSES.map((status) => (
          <option key={status} value={status}>
            {label('propertyStatus', status)}
          </option>
        ))}
      </select>
    </div>
  );
}

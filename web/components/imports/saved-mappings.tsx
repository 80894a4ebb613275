'use client';

import { useState, type FormEvent } from 'react';
import { api } from '../../lib/api';
import { useI18n } from '../../lib/i18n';
import { useAction } from '../../lib/use-action';
import { useApi } from '../../lib/use-api';
import { TextField } from '../field';
import { ProblemMessage } from '../states';
import type { Columns, ImportEntity, SavedMapping } from './import-types';

/** Mappings the agency saved by name: one can fill this file's columns (by header), and this one can be saved for the next file. */
export function SavedMappings({ entity, headers, columns, onLoad }: { entity: ImportEntity; headers: string[]; columns: Columns; onLoad(columns: Columns): void }) {
  const { t } = useI18n();
  const saved = useApi<{ items: SavedMapping[] }>(`/import-mappings?entity=${entity}`);
  const action = useAction();
  const [name, setName] = useState('');

  function load(id: string) {
    const mapping = saved.data?.items.find((item) => item.id === id);
    if (mapping) onLoad(Object.fromEntries(headers.map((header) => [header, mapping.columns[header] ?? null])));
  }

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (await action.run(() => api('/import-mappings', { method: 'PUT', body: { name: name.trim(), mapping: { entity, columns } } }), t('imports.mappingSaved'))) await saved.reload();
  }

  return (
    <fieldset className="card">
      <legend>{t('imports.savedMappings')}</legend>
      {saved.error ? <ProblemMessage problem={saved.error} /> : null}
      {saved.data?.items.length ? (
        <div className="field">
          <label htmlFor="saved-mapping">{t('imports.useMapping')}</label>
          <select id="saved-mapping" defaultValue="" onChange={(event) => load(event.target.value)}>
            <option value="" disabled>
              {t('imports.pickMapping')}
            </option>
            {saved.data.items.map((mapping) => (
              <option key={mapping.id} value={mapping.id}>
                {mapping.name}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <form onSubmit={save} className="row" aria-label={t('imports.saveMapping')}>
        <TextField label={t('imports.mappingName')} name="mapping-name" value={name} maxLength={80} required onChange={(event) => setName(event.target.value)} />
        <button type="submit" className="secondary" disabled={!name.trim()}>
          {t('imports.saveMapping')}
        </button>
      </form>
      {action.problem ? <ProblemMessage problem={action.problem} /> : null}
      {action.done ? (
        <p role="status" className="notice">
          {action.done}
        </p>
      ) : null}
    </fieldset>
  );
}

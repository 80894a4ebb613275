'use client';

import { useState, type FormEvent } from 'react';
import { api } from '../../lib/api';
import { useI18n } from '../../lib/i18n';
import { useAction } from '../../lib/use-action';
import { SelectField } from '../field';
import { ProblemMessage } from '../states';
import type { ChosenFile, ImportEntity, ImportPreview } from './import-types';

/** Step one: what the file holds and the file itself, sent once and read for its headers, first rows and suggested mapping. */
export function ImportFileForm({ onRead }: { onRead(file: ChosenFile, preview: ImportPreview): void }) {
  const { t } = useI18n();
  const action = useAction();
  const [entity, setEntity] = useState<ImportEntity>('leads');
  const [file, setFile] = useState<File | null>(null);
  const [missing, setMissing] = useState(false);
  const [reading, setReading] = useState(false);

  async function read(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setMissing(!file);
    if (!file) return;
    setReading(true);
    await action.run(async () => {
      const upload = await api<{ id: string }>(`/uploads?fileName=${encodeURIComponent(file.name)}`, { method: 'POST', file });
      const chosen = { entity, uploadId: upload.id, fileName: file.name };
      onRead(chosen, await api<ImportPreview>('/imports/preview', { method: 'POST', body: { entity, uploadId: upload.id } }));
    });
    setReading(false);
  }

  return (
    <form onSubmit={read} aria-label={t('imports.new')}>
      <SelectField
        label={t('imports.entity')}
        name="entity"
        value={entity}
        onChange={(event) => setEntity(event.target.value as ImportEntity)}
        options={[
          { value: 'leads', label: t('imports.entity.leads') },
          { value: 'properties', label: t('imports.entity.properties') },
        ]}
      />
      <div className="field">
        <label htmlFor="import-file">{t('imports.file')}</label>
        <input id="import-file" type="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" aria-invalid={missing} onChange={(event) => setFile(event.target.files?.[0] ?? null)} />
        {missing ? (
          <small className="field-error" role="alert">
            {t('imports.chooseFile')}
          </small>
        ) : null}
      </div>
      <button type="submit" disabled={reading}>
        {reading ? t('imports.reading') : t('imports.readFile')}
      </button>
      {action.problem ? <ProblemMessage problem={action.problem} /> : null}
    </form>
  );
}

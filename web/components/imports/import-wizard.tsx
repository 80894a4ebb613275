'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { api, ApiProblem } from '../../lib/api';
import { useI18n } from '../../lib/i18n';
import { useAction } from '../../lib/use-action';
import { ProblemMessage } from '../states';
import { ColumnMappingTable } from './column-mapping-table';
import { useWithFieldLabels } from './field-labels';
import { ImportFileForm } from './import-file-form';
import type { ChosenFile, Columns, DataImport, ImportPreview } from './import-types';
import { SavedMappings } from './saved-mappings';

/** Upload, check the column mapping, then the dry run, whose result opens on the import's own page. */
export function ImportWizard() {
  const { t } = useI18n();
  const router = useRouter();
  const action = useAction();
  const withFieldLabels = useWithFieldLabels();
  const [chosen, setChosen] = useState<{ file: ChosenFile; preview: ImportPreview }>();
  const [columns, setColumns] = useState<Columns>({});
  const [running, setRunning] = useState(false);

  function read(file: ChosenFile, preview: ImportPreview) {
    setChosen({ file, preview });
    setColumns(preview.suggested);
  }

  async function dryRun(file: ChosenFile) {
    setRunning(true);
    let created: DataImport | undefined;
    await action.run(async () => {
      created = await api<DataImport>('/imports', { method: 'POST', body: { entity: file.entity, uploadId: file.uploadId, columns } });
    });
    setRunning(false);
    if (created) router.push(`/settings/imports/${created.id}`);
  }

  const problem = action.problem && chosen ? new ApiProblem(action.problem.status, action.problem.title, withFieldLabels(action.problem.message, chosen.preview.fields), action.problem.errors, action.problem.code) : undefined;

  return (
    <>
      <section className="card" aria-labelledby="new-import-title">
        <h2 id="new-import-title">{t('imports.new')}</h2>
        <ImportFileForm onRead={read} />
      </section>
      {chosen ? (
        <section className="card" aria-labelledby="columns-title">
          <h2 id="columns-title">{t('imports.columns')}</h2>
          <p className="muted">{t('imports.columnsHint', { rows: chosen.preview.rows })}</p>
          <ColumnMappingTable preview={chosen.preview} columns={columns} onChange={setColumns} />
          <SavedMappings entity={chosen.file.entity} headers={chosen.preview.headers} columns={columns} onLoad={setColumns} />
          <p className="muted">{t('imports.dryRunHint')}</p>
          <button type="button" disabled={running} onClick={() => void dryRun(chosen.file)}>
            {running ? t('imports.dryRunning') : t('imports.dryRun')}
          </button>
          {problem ? <ProblemMessage problem={problem} /> : null}
        </section>
      ) : null}
    </>
  );
}

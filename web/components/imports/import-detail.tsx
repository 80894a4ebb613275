'use client';

import { useI18n } from '../../lib/i18n';
import { Loading, ProblemMessage } from '../states';
import { DryRunSummary } from './dry-run-summary';
import { ImportActions } from './import-actions';
import { ImportProgress } from './import-progress';
import { ImportStatusBadge } from './import-status-badge';
import { KeptRows } from './kept-rows';
import { MergedRows } from './merged-rows';
import { RefusedRows } from './refused-rows';
import { UndoCounts } from './undo-counts';
import { isRunning, useImport } from './use-import';
import { VerificationCounts } from './verification-counts';

/** One import: the dry run's verdicts, applying and undoing with live progress, and the counts that verify each. */
export function ImportDetail({ id }: { id: string }) {
  const { t } = useI18n();
  const found = useImport(id);
  if (found.error && !found.data) return <ProblemMessage problem={found.error} />;
  if (!found.data) return <Loading />;
  const current = found.data;
  const applied = current.appliedAt !== null || current.status === 'APPLYING';

  return (
    <>
      <h1>{t('imports.detailTitle', { file: current.fileName })}</h1>
      {found.error ? <ProblemMessage problem={found.error} /> : null}
      <section className="card" aria-labelledby="import-state-title">
        <div className="row" style={{ justifyContent: 'space-between' }}>
          <h2 id="import-state-title">{applied ? t('imports.verification') : t('imports.summary')}</h2>
          <ImportStatusBadge status={current.status} />
        </div>
        {current.error ? (
          <p role="alert" className="alert">
            {t('imports.failed', { error: current.error })}
          </p>
        ) : null}
        {applied ? <VerificationCounts found={current} /> : <DryRunSummary planned={current.planned} />}
        {isRunning(current.status) ? <ImportProgress found={current} /> : null}
        <ImportActions found={current} onStarted={found.reload} />
      </section>
      {current.undoneAt !== null || current.status === 'UNDOING' ? (
        <section className="card" aria-labelledby="undo-title">
          <h2 id="undo-title">{t('imports.undoResult')}</h2>
          <UndoCounts undo={current.undo} />
        </section>
      ) : null}
      {current.status === 'UNDONE' && current.undo.kept > 0 ? <KeptRows importId={id} /> : null}
      {current.planned.refuse > 0 ? <RefusedRows importId={id} /> : null}
      {current.planned.merge > 0 ? <MergedRows importId={id} /> : null}
    </>
  );
}

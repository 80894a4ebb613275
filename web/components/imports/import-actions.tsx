'use client';

import { api } from '../../lib/api';
import { useClock } from '../../lib/use-clock';
import { useI18n } from '../../lib/i18n';
import { useAction } from '../../lib/use-action';
import { ProblemMessage } from '../states';
import type { DataImport } from './import-types';

/** Apply a dry run, or undo an applied import while its window lasts; each asks for confirmation first. */
export function ImportActions({ found, onStarted }: { found: DataImport; onStarted(): Promise<void> }) {
  const { t } = useI18n();
  const { dateTime } = useClock();
  const action = useAction();
  const until = found.undoUntil ? dateTime(found.undoUntil) : null;

  async function start(phase: 'apply' | 'undo', question: string) {
    if (!window.confirm(question)) return;
    await action.run(async () => {
      await api(`/imports/${found.id}/${phase}`, { method: 'POST' });
      await onStarted();
    });
  }

  return (
    <>
      {found.status === 'DRY_RUN' ? (
        <button type="button" onClick={() => void start('apply', t('imports.confirmApply', { create: found.planned.create, merge: found.planned.merge }))}>
          {t('imports.apply')}
        </button>
      ) : null}
      {until ? (
        <div className="row">
          <button type="button" className="danger" onClick={() => void start('undo', t('imports.confirmUndo', { when: until }))}>
            {t('imports.undo')}
          </button>
          <span className="muted">{t('imports.undoUntil', { when: until })}</span>
        </div>
      ) : null}
      {action.problem ? <ProblemMessage problem={action.problem} /> : null}
    </>
  );
}

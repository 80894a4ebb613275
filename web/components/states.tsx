'use client';

import type { ReactNode } from 'react';
import type { ApiProblem } from '../lib/api';
import { useI18n } from '../lib/i18n';

export function Loading() {
  const { t } = useI18n();
  return (
    <p role="status" className="muted">
      {t('common.loading')}
    </p>
  );
}

export function Empty() {
  const { t } = useI18n();
  return <p className="muted">{t('common.empty')}</p>;
}

/** An API problem in words: 403 and 404 get the product's own sentences, the rest the API's detail. */
export function ProblemMessage({ problem }: { problem: ApiProblem }) {
  const { t } = useI18n();
  const text = problem.status === 403 ? t('common.noAccess') : problem.status === 404 ? t('common.notFound') : problem.message || t('common.error');
  return (
    <p role="alert" className="alert">
      {text}
    </p>
  );
}

/** What a list shows before its rows: the API's problem, a loading line, or an empty state (`empty`, saying what to do next, where given). */
export function ListStatus({ list, empty }: { list: { data?: { items: unknown[] }; error?: ApiProblem; loading: boolean }; empty?: ReactNode }) {
  if (list.error) return <ProblemMessage problem={list.error} />;
  if (list.loading && !list.data) return <Loading />;
  return list.data?.items.length === 0 ? (empty ?? <Empty />) : null;
}

/** Below a paged list: reads its next page while there is one. */
export function LoadMore({ list }: { list: { loading: boolean; more?: () => Promise<void> } }) {
  const { t } = useI18n();
  if (!list.more) return null;
  const more = list.more;
  return (
    <p>
      <button type="button" className="secondary" disabled={list.loading} onClick={() => void more()}>
        {list.loading ? t('common.loading') : t('common.loadMore')}
      </button>
    </p>
  );
}

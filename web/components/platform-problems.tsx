'use client';

import { actIn } from '../lib/acting-tenant';
import { useI18n } from '../lib/i18n';
import type { MessageKey } from '../lib/messages';
import { useEffect } from 'react';
import { useApi } from '../lib/use-api';
import { useDuration } from './health/agency-health';
import { Loading, ProblemMessage } from './states';

interface Problem {
  kind: string;
  subject: string | null;
  count: number | null;
  total: number | null;
  since: string | null;
}

interface PlatformProblems {
  checkedAt: string | null;
  agencies: { id: string; name: string; slug: string; problems: Problem[] }[];
}

/** For superadmins: the agencies in trouble (refused tokens, failing sends, stuck campaigns, backlog, silence), one click to step in. */
export function PlatformProblems() {
  const { t } = useI18n();
  const duration = useDuration();
  const problems = useApi<PlatformProblems>('/platform/problems');
  const ago = (iso: string | null) => (iso ? duration(Math.max(0, Math.floor((Date.now() - new Date(iso).getTime()) / 60_000))) : '');
  const subjectOf = (problem: Problem) => (problem.kind === 'token_refused' && problem.subject ? t(`health.provider.${problem.subject}` as MessageKey) : (problem.subject ?? ''));
  const sinceOf = (iso: string | null) => t('platform.ago', { duration: ago(iso) });
  const checking = problems.data?.checkedAt === null;
  const { reload } = problems;
  useEffect(() => {
    if (!checking) return undefined;
    const timer = setInterval(() => void reload(), 2_000);
    return () => clearInterval(timer);
  }, [checking, reload]);

  if (problems.error) return <ProblemMessage problem={problems.error} />;
  if (!problems.data) return <Loading />;
  return (
    <section aria-labelledby="problems-title">
      <h2 id="problems-title">{t('platform.problems')}</h2>
      {checking ? <p className="muted">{t('platform.checking')}</p> : !problems.data.agencies.length ? <p className="notice">{t('platform.noProblems')}</p> : null}
      <ul className="problem-list">
        {problems.data.agencies.map((agency) => (
          <li key={agency.id} data-testid={`problems-${agency.slug}`}>
            <strong>{agency.name}</strong>{' '}
            <button type="button" onClick={() => actIn(agency.slug)}>
              {t('platform.enter')}
            </button>
            <ul>
              {agency.problems.map((problem, index) => (
                <li key={index} className="danger-text">
                  {t(`platform.problem.${problem.kind}` as MessageKey, { subject: subjectOf(problem), count: problem.count ?? 0, total: problem.total ?? 0, since: sinceOf(problem.since) })}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </section>
  );
}

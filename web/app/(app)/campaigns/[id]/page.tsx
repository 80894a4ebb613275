'use client';

import { useParams, useSearchParams } from 'next/navigation';
import { Suspense, useEffect, useState } from 'react';
import { ManagersOnly } from '../../../../components/app-shell';
import { CampaignCost } from '../../../../components/campaign/campaign-cost';
import { LeadPreview } from '../../../../components/campaign/lead-preview';
import { ConfirmButton } from '../../../../components/confirm-dialog';
import { DataTable } from '../../../../components/data-table';
import { Loading, LoadMore, ProblemMessage } from '../../../../components/states';
import { api, ApiProblem } from '../../../../lib/api';
import { useI18n } from '../../../../lib/i18n';
import { labelKey, useLabel } from '../../../../lib/labels';
import { useSendReason } from '../../../../lib/send-failure';
import { useSession } from '../../../../lib/session';
import type { MessageKey } from '../../../../lib/messages';
import { useApi } from '../../../../lib/use-api';
import { useClock } from '../../../../lib/use-clock';
import { usePagedApi } from '../../../../lib/use-paged-api';
import { useEventStream } from '../../../../lib/use-event-stream';
import type { z } from 'zod';
import type { campaignDetailSchema, progressSchema, recipientSchema, reportSchema } from '../../../../../api/contracts/campaigns.schemas';
import { CampaignTimelineChart } from '../../../../components/charts/campaign-timeline-chart';
import { StatusBadge } from '../../../../components/ui/status-badge';

type Campaign = z.infer<typeof campaignDetailSchema>;
type Progress = z.infer<typeof progressSchema>;
type Recipient = z.infer<typeof recipientSchema>;
type Report = z.infer<typeof reportSchema>;

const FUNNEL: (keyof Progress & keyof typeof STEP_LABELS)[] = ['sent', 'delivered', 'read', 'replied', 'failed', 'skipped', 'declined'];
/** A pause Meta's side caused (quality, template): the reasons the admin gets advice for. */
const isPauseReason = (reason: string | null): reason is string => reason !== null && labelKey('pauseAdvice', reason) !== undefined;

const STEP_LABELS = {
  sent: 'funnel.sent',
  delivered: 'funnel.delivered',
  read: 'funnel.read',
  replied: 'funnel.replied',
  failed: 'funnel.failed',
  skipped: 'funnel.skipped',
  declined: 'funnel.declined',
} as const satisfies Record<string, MessageKey>;

/** Live progress over server-sent events; the stream ends with the campaign. */
function useProgress(id: string, initial: Progress | undefined) {
  const [progress, setProgress] = useState<Progress | undefined>(initial);
  useEffect(() => setProgress(initial), [initial]);
  useEventStream(`/campaigns/${id}/stream`, (_type, data) => setProgress(data as Progress), ['progress'], { endsWithServer: true });
  return progress;
}

function Monitor({ id }: { id: string }) {
  const { t } = useI18n();
  const label = useLabel();
  const reason = useSendReason();
  const { platform, temporalUi } = useSession();
  const clock = useClock();
  const launchProblem = useSearchParams().get('problem');
  const campaign = useApi<Campaign>(`/campaigns/${id}`);
  const initial = useApi<Progress>(`/campaigns/${id}/progress`);
  const recipients = usePagedApi<Recipient>(`/campaigns/${id}/recipients?limit=50`);
  const report = useApi<Report>(`/campaigns/${id}/report`);
  const progress = useProgress(id, initial.data);
  const settledCount = progress ? progress.total - progress.pending : 0;
  const reloadRecipients = recipients.reload;
  const reloadCampaign = campaign.reload;
  const reloadReport = report.reload;
  useEffect(() => {
    const timer = setTimeout(() => void Promise.all([reloadRecipients(), reloadCampaign(), reloadReport()]), 1_000);
    return () => clearTimeout(timer);
  }, [settledCount, progress?.replied, progress?.status, reloadRecipients, reloadCampaign, reloadReport]);
  const [problem, setProblem] = useState<ApiProblem>();

  async function act(action: 'launch' | 'pause' | 'resume' | 'cancel' | 'run-now') {
    try {
      await api(`/campaigns/${id}/${action}`, { method: 'POST' });
      setProblem(undefined);
      await Promise.all([campaign.reload(), initial.reload(), recipients.reload()]);
    } catch (error) {
      setProblem(error instanceof ApiProblem ? error : new ApiProblem(0, String(error), undefined));
    }
  }

  if (campaign.error) return <ProblemMessage problem={campaign.error} />;
  if (!campaign.data || !progress) return <Loading />;
  const status = progress.status;
  const settled = progress.total - progress.pending;
  const percent = progress.total === 0 ? (status === 'COMPLETED' ? 100 : 0) : Math.round((settled / progress.total) * 100);

  return (
    <>
      <h1>{campaign.data.name}</h1>
      {launchProblem ? (
        <p role="alert" className="alert">
          {launchProblem}
        </p>
      ) : null}
      {problem ? <ProblemMessage problem={problem} /> : null}
      {status === 'PAUSED' && isPauseReason(progress.statusReason) ? (
        <div role="alert" className="alert" data-testid="pause-banner" style={{ marginBottom: '1rem' }}>
          <strong>{t('campaigns.paused')}</strong>
          <p>{label('pauseReason', progress.statusReason)}.</p>
          <p>{label('pauseAdvice', progress.statusReason)}</p>
        </div>
      ) : null}
      {progress.capacityUntil ? (
        <p role="status" className="notice" data-testid="capacity-wait">
          {t('campaigns.waitingCapacity', { time: clock.dateTime(progress.capacityUntil) })}
        </p>
      ) : null}
      <section className="card" aria-labelledby="progress-title">
        <div className="row" style={{ justifyContent: 'space-between' }}>
          <h2 id="progress-title">{t('campaigns.progress')}</h2>
          <StatusBadge kind="campaignStatus" code={status} testId="campaign-status" />
        </div>
        <div className="progress" role="progressbar" aria-label={t('campaigns.progress')} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
          <div style={{ width: `${percent}%` }} />
        </div>
        <p>
          {percent} % · {settled} / {progress.total}
        </p>
        {progress.statusReason && !isPauseReason(progress.statusReason) ? (
          <p>
            {t('campaigns.reason')}: <span data-testid="campaign-reason">{label('pauseReason', progress.statusReason)}</span>
          </p>
        ) : null}
        <div className="row">
          {status === 'DRAFT' ? <button onClick={() => act('launch')}>{t('campaigns.launch')}</button> : null}
          {status === 'SCHEDULED' && campaign.data.schedule.kind === 'recurring' ? <button onClick={() => act('run-now')}>{t('campaigns.runNow')}</button> : null}
          {status === 'RUNNING' ? <button onClick={() => act('pause')}>{t('campaigns.pause')}</button> : null}
          {status === 'PAUSED' ? <button onClick={() => act('resume')}>{t('campaigns.resume')}</button> : null}
          {['SCHEDULED', 'RUNNING', 'PAUSED'].includes(status) ? (
            <ConfirmButton
              className="danger"
              label={t('campaigns.cancel')}
              title={t('campaigns.cancelConfirm', { name: campaign.data.name })}
              consequence={t('campaigns.cancelConsequence')}
              confirmLabel={t('campaigns.cancel')}
              cancelLabel={t('campaigns.keep')}
              onConfirm={() => void act('cancel')}
            />
          ) : null}
          {platform && progress.workflowId && temporalUi ? (
            <a href={`${temporalUi.url}/namespaces/${encodeURIComponent(temporalUi.namespace)}/workflows/${encodeURIComponent(progress.workflowId)}`} target="_blank" rel="noreferrer">
              {t('campaigns.temporal')}
            </a>
          ) : null}
        </div>
      </section>
      <CampaignCost cost={campaign.data.cost} />
      {status === 'DRAFT' ? <LeadPreview campaignId={id} audience={campaign.data.audience} voice={campaign.data.content.kind === 'voice'} /> : null}
      <section className="card" aria-labelledby="funnel-title">
        <h2 id="funnel-title">{t('campaigns.funnel')}</h2>
        <div className="funnel">
          {FUNNEL.map((step) => (
            <div className="bar" key={step}>
              <span>{t(STEP_LABELS[step])}</span>
              <span style={{ width: `${progress.total ? (Number(progress[step]) / progress.total) * 100 : 0}%` }} aria-hidden="true" />
              <span data-testid={`funnel-${step}`}>{String(progress[step])}</span>
            </div>
          ))}
        </div>
        {progress.failures.length ? (
          <ul>
            {progress.failures.map((failure) => (
              <li key={failure.code}>
                {reason(failure.code, failure.description, failure.status === 'FAILED')} ({failure.count})
              </li>
            ))}
          </ul>
        ) : null}
      </section>
      {report.data ? <CampaignTimelineChart timeline={report.data.timeline} /> : null}
      <section className="card" aria-labelledby="recipients-title">
        <h2 id="recipients-title">{t('campaigns.recipients')}</h2>
        <DataTable
          rows={recipients.data?.items ?? []}
          columns={[
            { header: t('recipients.lead'), cell: (recipient) => recipient.leadName ?? '—' },
            { header: t('recipients.phone'), cell: (recipient) => recipient.phone },
            { header: t('recipients.status'), cell: (recipient) => <StatusBadge kind="recipientStatus" code={recipient.status} /> },
            { header: t('recipients.reason'), cell: (recipient) => (recipient.errorCode ? reason(recipient.errorCode, recipient.errorMessage, recipient.status === 'FAILED') : '') },
          ]}
        />
        <LoadMore list={recipients} />
      </section>
    </>
  );
}

export default function CampaignPage() {
  const { id } = useParams<{ id: string }>();
  return (
    <ManagersOnly>
      <Suspense fallback={<Loading />}>
        <Monitor id={id} />
      </Suspense>
    </ManagersOnly>
  );
}

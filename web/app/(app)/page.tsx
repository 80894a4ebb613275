'use client';

import Link from 'next/link';
import { useState } from 'react';
import type { DashboardCharts } from '../../../api/contracts/dashboard-charts.schemas';
import { BarChart } from '../../components/bar-chart';
import { CampaignResultsChart } from '../../components/charts/campaign-results-chart';
import { ChartRange } from '../../components/charts/chart-range';
import { FirstResponseChart } from '../../components/charts/first-response-chart';
import { LeadFunnelChart } from '../../components/charts/lead-funnel-chart';
import { LeadsPerDayChart } from '../../components/charts/leads-per-day-chart';
import { IntegrationHealthList, TrafficWarnings, type AgencyHealth } from '../../components/health/agency-health';
import { Loading, ProblemMessage } from '../../components/states';
import { useI18n } from '../../lib/i18n';
import { useLabel, type LabelKind } from '../../lib/labels';
import { isManager, useSession } from '../../lib/session';
import { useApi } from '../../lib/use-api';

interface Dashboard {
  leads: { today: Record<string, number>; week: Record<string, number> };
  conversations: { open: number; unassigned: number; slaBreaches: number };
  messagesToday: Record<string, number>;
  campaigns: { id: string; name: string; status: string; total: number; settled: number }[];
  health: AgencyHealth;
  charts: DashboardCharts;
}

/** The windows GET /api/dashboard?days= accepts for the lead charts (LEAD_CHART_DAYS in its contract). */
const LEAD_CHART_DAYS = [14, 30] as const;

function Stat({ label, value, href, alert }: { label: string; value: number | string; href?: string; alert?: boolean }) {
  const body = (
    <>
      <div className="muted">{label}</div>
      <div className={`stat ${alert ? 'danger-text' : ''}`}>{value}</div>
    </>
  );
  return <div className="card">{href ? <Link href={href}>{body}</Link> : body}</div>;
}

/** Counts keyed by a code, re-keyed by the words a person reads. */
function labelled(counts: Record<string, number>, kind: LabelKind, label: ReturnType<typeof useLabel>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).map(([code, count]) => [label(kind, code), count]));
}

export default function DashboardPage() {
  const { t } = useI18n();
  const label = useLabel();
  const { user, tenant } = useSession();
  const [days, setDays] = useState<number>(LEAD_CHART_DAYS[0]);
  const dashboard = useApi<Dashboard>(`/dashboard?days=${days}`);
  const data = dashboard.data;

  return (
    <>
      <h1>
        {t('dashboard.title')} · {tenant.name}
      </h1>
      {dashboard.error ? <ProblemMessage problem={dashboard.error} /> : null}
      {!data ? (
        <Loading />
      ) : (
        <>
          <TrafficWarnings health={data.health} />
          <div className="grid">
            <Stat label={t('dashboard.open')} value={data.conversations.open} href="/inbox" />
            <Stat label={t('dashboard.unassigned')} value={data.conversations.unassigned} href="/inbox" />
            <Stat label={t('dashboard.slaBreaches')} value={data.conversations.slaBreaches} alert={data.conversations.slaBreaches > 0} href="/inbox" />
            <Stat label={t('dashboard.channel')} value={data.health.whatsapp ? label('channelStatus', data.health.whatsapp.status) : '—'} alert={data.health.whatsapp?.status === 'ERROR'} href={isManager(user.role) ? '/settings' : undefined} />
          </div>
          <div className="grid">
            <BarChart title={t('dashboard.leadsToday')} counts={labelled(data.leads.today, 'origin', label)} />
            <BarChart title={t('dashboard.leadsWeek')} counts={labelled(data.leads.week, 'origin', label)} />
            <BarChart title={t('dashboard.messagesToday')} counts={labelled(data.messagesToday, 'messageStatus', label)} />
          </div>
          <ChartRange options={LEAD_CHART_DAYS} value={days} onChange={setDays} />
          <div className="chart-grid">
            <LeadsPerDayChart leadsPerDay={data.charts.leadsPerDay} />
            <LeadFunnelChart funnel={data.charts.funnel} />
            <FirstResponseChart firstResponse={data.charts.firstResponse} />
            <CampaignResultsChart campaignResults={data.charts.campaignResults} />
          </div>
          {data.campaigns.length ? (
            <section className="card" aria-labelledby="running-title">
              <h2 id="running-title">{t('dashboard.runningCampaigns')}</h2>
              {data.campaigns.map((campaign) => {
                const percent = campaign.total ? Math.round((campaign.settled / campaign.total) * 100) : 0;
                return (
                  <div key={campaign.id} className="field">
                    {isManager(user.role) ? <Link href={`/campaigns/${campaign.id}`}>{campaign.name}</Link> : campaign.name} · {label('campaignStatus', campaign.status)} · {percent} %
                    <div className="progress" role="progressbar" aria-label={campaign.name} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
                      <div style={{ width: `${percent}%` }} />
                    </div>
                  </div>
                );
              })}
            </section>
          ) : null}
          {data.health.integrations.length ? (
            <section className="card" aria-labelledby="health-title">
              <h2 id="health-title">{t('dashboard.health')}</h2>
              <IntegrationHealthList integrations={data.health.integrations} />
            </section>
          ) : null}
        </>
      )}
    </>
  );
}

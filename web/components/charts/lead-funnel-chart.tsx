'use client';

import { Bar, BarChart, LabelList, XAxis, YAxis } from 'recharts';
import type { DashboardCharts } from '../../../api/contracts/dashboard-charts.schemas';
import { useI18n } from '../../lib/i18n';
import { ChartFigure } from './chart-figure';
import { BRAND, PLOT_HEIGHT, TICK } from './chart-style';

const STEPS = ['leads', 'conversation', 'visit', 'closed'] as const;

/** The window's new leads narrowing down to conversations, visits and closed deals, each with its share of the leads. */
export function LeadFunnelChart({ funnel }: { funnel: DashboardCharts['funnel'] }) {
  const { t } = useI18n();
  const steps = STEPS.map((step) => {
    const count = funnel[step];
    const share = funnel.leads ? Math.round((count / funnel.leads) * 100) : 0;
    // No-break spaces: the chart's label breaks lines at ordinary ones.
    return { step: t(`dashboard.funnel.${step}`), count, share: `${share} %`, shown: `${count}\u00a0·\u00a0${share}\u00a0%` };
  });
  return (
    <ChartFigure
      title={t('dashboard.funnel')}
      summary={t('dashboard.funnelSummary', { ...funnel })}
      empty={funnel.leads === 0}
      table={{ columns: [t('dashboard.funnelStep'), t('dashboard.leads'), t('dashboard.funnelShare')], rows: steps.map(({ step, count, share }) => [step, count, share]) }}
    >
      <BarChart layout="vertical" responsive accessibilityLayer={false} style={{ width: '100%', height: PLOT_HEIGHT }} data={steps} margin={{ top: 8, right: 84, bottom: 0, left: 0 }}>
        <XAxis type="number" hide allowDecimals={false} />
        <YAxis type="category" dataKey="step" tick={TICK} width={84} />
        <Bar dataKey="count" fill={BRAND} radius={[0, 4, 4, 0]} isAnimationActive={false}>
          <LabelList dataKey="shown" position="right" style={{ fontSize: 11 }} />
        </Bar>
      </BarChart>
    </ChartFigure>
  );
}

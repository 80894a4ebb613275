'use client';

import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { DashboardCharts } from '../../../api/contracts/dashboard-charts.schemas';
import { useI18n } from '../../lib/i18n';
import { ChartFigure } from './chart-figure';
import { PLOT_HEIGHT, RESULT_COLORS, TICK } from './chart-style';
import { useDayLabel } from './day-label';

const RESULTS = ['sent', 'delivered', 'read', 'replied'] as const;

/** Campaign messages sent, delivered, read and replied to per day, one line each. */
export function CampaignResultsChart({ campaignResults: { days, perDay } }: { campaignResults: DashboardCharts['campaignResults'] }) {
  const { t } = useI18n();
  const dayLabel = useDayLabel();
  const totals = Object.fromEntries(RESULTS.map((result) => [result, perDay.reduce((sum, day) => sum + day[result], 0)])) as Record<(typeof RESULTS)[number], number>;
  const data = perDay.map((day) => ({ ...day, day: dayLabel(day.day) }));
  return (
    <ChartFigure
      title={t('dashboard.campaignResults')}
      summary={t('dashboard.campaignResultsSummary', { days, ...totals })}
      empty={RESULTS.every((result) => totals[result] === 0)}
      table={{ columns: [t('dashboard.day'), ...RESULTS.map((result) => t(`funnel.${result}`))], rows: data.map((day) => [day.day, ...RESULTS.map((result) => day[result])]) }}
    >
      <LineChart responsive accessibilityLayer={false} style={{ width: '100%', height: PLOT_HEIGHT }} data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid vertical={false} stroke="#e5e9ef" />
        <XAxis dataKey="day" tick={TICK} minTickGap={8} />
        <YAxis allowDecimals={false} tick={TICK} width={32} />
        <Tooltip />
        <Legend itemSorter={null} wrapperStyle={{ fontSize: 12 }} />
        {RESULTS.map((result) => (
          <Line key={result} dataKey={result} name={t(`funnel.${result}`)} stroke={RESULT_COLORS[result]} strokeWidth={2} dot={false} isAnimationActive={false} />
        ))}
      </LineChart>
    </ChartFigure>
  );
}

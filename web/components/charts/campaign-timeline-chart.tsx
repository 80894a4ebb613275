'use client';

import { useMemo } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import type { z } from 'zod';
import type { reportSchema } from '../../../api/contracts/campaigns.schemas';
import { useI18n } from '../../lib/i18n';
import { ChartFigure } from './chart-figure';
import { PLOT_HEIGHT, RESULT_COLORS, TICK } from './chart-style';

type Timeline = z.infer<typeof reportSchema>['timeline'];
const RESULTS = ['sent', 'replied'] as const;

/** A slot's label: its local day and hour (or the day alone), as the agency's clock shows it. */
function useSlotLabel(unit: Timeline['unit']): (at: string) => string {
  const { locale } = useI18n();
  return useMemo(() => {
    const format = new Intl.DateTimeFormat(locale === 'es' ? 'es-AR' : 'en-US', { day: 'numeric', month: 'short', ...(unit === 'hour' ? { hour: '2-digit', minute: '2-digit' } : {}), timeZone: 'UTC' });
    return (at: string) => format.format(new Date(`${at}:00Z`));
  }, [locale, unit]);
}

/** The campaign's messages sent and replies received per hour (per day past three days), side by side. */
export function CampaignTimelineChart({ timeline }: { timeline: Timeline }) {
  const { t } = useI18n();
  const slotLabel = useSlotLabel(timeline.unit);
  const totals = Object.fromEntries(RESULTS.map((result) => [result, timeline.points.reduce((sum, point) => sum + point[result], 0)])) as Record<(typeof RESULTS)[number], number>;
  const data = timeline.points.map((point) => ({ ...point, at: slotLabel(point.at) }));
  return (
    <ChartFigure
      title={t(timeline.unit === 'hour' ? 'campaigns.timelinePerHour' : 'campaigns.timelinePerDay')}
      summary={t('campaigns.timelineSummary', totals)}
      empty={timeline.points.length === 0}
      table={{ columns: [t(timeline.unit === 'hour' ? 'campaigns.timelineHour' : 'dashboard.day'), ...RESULTS.map((result) => t(`funnel.${result}`))], rows: data.map((point) => [point.at, point.sent, point.replied]) }}
    >
      <BarChart responsive accessibilityLayer={false} style={{ width: '100%', height: PLOT_HEIGHT }} data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid vertical={false} stroke="#e5e9ef" />
        <XAxis dataKey="at" tick={TICK} minTickGap={8} />
        <YAxis allowDecimals={false} tick={TICK} width={32} />
        <Tooltip />
        <Legend itemSorter={null} wrapperStyle={{ fontSize: 12 }} />
        {RESULTS.map((result) => (
          <Bar key={result} dataKey={result} name={t(`funnel.${result}`)} fill={RESULT_COLORS[result]} maxBarSize={24} isAnimationActive={false} />
        ))}
      </BarChart>
    </ChartFigure>
  );
}

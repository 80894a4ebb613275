'use client';

import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import type { DashboardCharts } from '../../../api/contracts/dashboard-charts.schemas';
import type { LeadOrigin } from '../../../prisma/generated/enums';
import { useI18n } from '../../lib/i18n';
import { useLabel } from '../../lib/labels';
import { ChartFigure } from './chart-figure';
import { ORIGIN_COLORS, PLOT_HEIGHT, TICK } from './chart-style';
import { useDayLabel } from './day-label';

/** New leads per day, one stacked bar per day with a colour per origin. */
export function LeadsPerDayChart({ leadsPerDay: { days, perDay } }: { leadsPerDay: DashboardCharts['leadsPerDay'] }) {
  const { t } = useI18n();
  const label = useLabel();
  const dayLabel = useDayLabel();
  const totals = new Map<LeadOrigin, number>();
  for (const { counts } of perDay) for (const [origin, n] of Object.entries(counts) as [LeadOrigin, number][]) totals.set(origin, (totals.get(origin) ?? 0) + n);
  const origins = [...totals.keys()].sort((a, b) => totals.get(b)! - totals.get(a)!);
  const total = [...totals.values()].reduce((sum, n) => sum + n, 0);
  const data = perDay.map(({ day, counts }) => ({ day: dayLabel(day), ...counts }));
  return (
    <ChartFigure
      title={t('dashboard.leadsPerDay')}
      summary={t('dashboard.leadsPerDaySummary', { total, days })}
      empty={total === 0}
      table={{ columns: [t('dashboard.day'), ...origins.map((origin) => label('origin', origin))], rows: perDay.map(({ day, counts }) => [dayLabel(day), ...origins.map((origin) => counts[origin] ?? 0)]) }}
    >
      <BarChart responsive accessibilityLayer={false} style={{ width: '100%', height: PLOT_HEIGHT }} data={data} margin={{ top: 8, right: 4, bottom: 0, left: 0 }}>
        <CartesianGrid vertical={false} stroke="#e5e9ef" />
        <XAxis dataKey="day" tick={TICK} minTickGap={8} />
        <YAxis allowDecimals={false} tick={TICK} width={28} />
        <Tooltip />
        <Legend itemSorter={null} wrapperStyle={{ fontSize: 12 }} />
        {origins.map((origin) => (
          <Bar key={origin} dataKey={origin} name={label('origin', origin)} stackId="leads" fill={ORIGIN_COLORS[origin]} isAnimationActive={false} />
        ))}
      </BarChart>
    </ChartFigure>
  );
}

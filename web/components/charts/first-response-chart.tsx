'use client';

import { Bar, BarChart, CartesianGrid, Cell, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import type { DashboardCharts } from '../../../api/contracts/dashboard-charts.schemas';
import { useI18n } from '../../lib/i18n';
import { ChartFigure } from './chart-figure';
import { BRAND, DANGER, INK, TICK } from './chart-style';

const TEAM_ROW = 'team';

/** Each agent's median minutes to a first answer as a bar (an agent sees only their own), then the whole team's, red past the agency's SLA, with the SLA drawn as a line. */
export function FirstResponseChart({ firstResponse: { days, slaMinutes, agents, team } }: { firstResponse: DashboardCharts['firstResponse'] }) {
  const { t } = useI18n();
  const rows = team ? [...agents, { agentId: TEAM_ROW, name: t('dashboard.team'), ...team }] : agents;
  const height = 56 + rows.length * 36;
  return (
    <ChartFigure
      title={t('dashboard.firstResponse')}
      summary={t('dashboard.firstResponseSummary', { days, sla: slaMinutes })}
      empty={rows.length === 0}
      table={{
        columns: [t('dashboard.agent'), t('dashboard.medianMinutes'), t('dashboard.answered'), t('dashboard.withinSla')],
        rows: rows.map(({ name, medianMinutes, answered, withinSla }) => [name, medianMinutes, answered, withinSla]),
      }}
    >
      <BarChart layout="vertical" responsive accessibilityLayer={false} style={{ width: '100%', height }} data={rows} margin={{ top: 20, right: 16, bottom: 0, left: 0 }}>
        <CartesianGrid horizontal={false} stroke="#e5e9ef" />
        <XAxis type="number" tick={TICK} domain={[0, (max: number) => Math.ceil(Math.max(max, slaMinutes * 1.2))]} />
        <YAxis type="category" dataKey="name" tick={TICK} width={96} />
        <Tooltip />
        <Bar dataKey="medianMinutes" name={t('dashboard.medianMinutes')} radius={[0, 4, 4, 0]} isAnimationActive={false}>
          {rows.map(({ agentId, medianMinutes }) => (
            <Cell key={agentId} fill={medianMinutes > slaMinutes ? DANGER : BRAND} fillOpacity={agentId === TEAM_ROW ? 0.55 : 1} />
          ))}
        </Bar>
        <ReferenceLine x={slaMinutes} stroke={INK} strokeDasharray="4 3" label={{ value: t('dashboard.slaLine', { sla: slaMinutes }), position: 'top', fontSize: 11, fill: INK }} />
      </BarChart>
    </ChartFigure>
  );
}

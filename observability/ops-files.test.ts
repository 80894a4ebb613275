import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { registry } from './metrics';

const opsFile = (name: string) => readFileSync(path.join(__dirname, '..', 'ops', name), 'utf8');

interface Rule {
  alert?: string;
  expr?: string;
  for?: string;
  labels?: { severity?: string };
  annotations?: { summary?: string; description?: string };
}

const rules = (parse(opsFile('prometheus-rules.yml')) as { groups: { rules: Rule[] }[] }).groups.flatMap((group) => group.rules);
const dashboard = JSON.parse(opsFile('grafana-dashboard.json')) as { panels: { title: string; targets: { expr: string }[] }[] };

/** A histogram is queried through its `_bucket`, `_sum` and `_count` series. */
const astorMetricsIn = (expr: string) => [...expr.matchAll(/\bastor_[a-z0-9_]+/g)].map(([name]) => name.replace(/_(bucket|sum|count)$/, ''));

const registered = new Set(registry.getMetricsAsArray().map((metric) => metric.name));

describe('the operations files', () => {
  it('define alerts with an expression, a duration, a severity and a summary', () => {
    expect(rules.map((rule) => rule.alert)).toEqual(
      expect.arrayContaining(['AstorWebhookAckSlow', 'AstorOutboxStuck', 'AstorCampaignSendFailures', 'AstorApiErrors', 'AstorWorkflowTaskScheduleToStartSlow']),
    );
    for (const rule of rules) {
      expect(rule).toEqual(expect.objectContaining({ alert: expect.any(String), expr: expect.any(String), for: expect.stringMatching(/^\d+m$/) }));
      expect(['page', 'warn']).toContain(rule.labels?.severity);
      expect(rule.annotations?.summary).toEqual(expect.any(String));
    }
  });

  it('name only astor_* series the registry defines', () => {
    const named = [...rules.map((rule) => rule.expr!), ...dashboard.panels.flatMap((panel) => panel.targets.map((target) => target.expr))].flatMap(astorMetricsIn);
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter((name) => !registered.has(name))).toEqual([]);
  });

  it('chart every astor_* series the registry defines', () => {
    const charted = new Set(dashboard.panels.flatMap((panel) => panel.targets.flatMap((target) => astorMetricsIn(target.expr))));
    expect([...registered].filter((name) => name.startsWith('astor_') && !charted.has(name))).toEqual([]);
  });

  it('read the Temporal SDK series under the names the SDK exports (temporal_ prefix, seconds)', () => {
    expect(rules.find((rule) => rule.alert === 'AstorWorkflowTaskScheduleToStartSlow')?.expr).toContain('temporal_workflow_task_schedule_to_start_latency_bucket');
  });
});

import { registry } from '../metrics';

/**
 * The sum of a series' samples whose labels include `labels`: `name` is a counter or gauge, or a
 * histogram's `_count`, `_sum` or `_bucket`. Counters only grow, so tests compare before and after.
 */
export async function metricValue(name: string, labels: Record<string, string> = {}): Promise<number> {
  const base = name.replace(/_(bucket|sum|count)$/, '');
  const metric = registry.getSingleMetric(name) ?? registry.getSingleMetric(base);
  if (!metric) throw new Error(`No metric ${name} in the registry`);
  const { name: metricName, values } = await metric.get();
  return values
    .filter((sample) => ((sample as { metricName?: string }).metricName ?? metricName) === name)
    .filter((sample) => Object.entries(labels).every(([key, value]) => String((sample.labels as Record<string, unknown>)[key]) === value))
    .reduce((sum, sample) => sum + sample.value, 0);
}

const SAMPLE_LINE = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/;

/** The same sum, read from a scraped `/metrics` text (the exposition a Prometheus server sees). */
export function scrapedValue(exposition: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of exposition.split('\n')) {
    const [, sampleName, labelText = '', value] = SAMPLE_LINE.exec(line) ?? [];
    if (sampleName !== name) continue;
    const sampleLabels = Object.fromEntries([...labelText.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map(([, key, text]) => [key, text]));
    if (Object.entries(labels).every(([key, text]) => sampleLabels[key] === text)) sum += Number(value);
  }
  return sum;
}

import { useI18n } from '../lib/i18n';

/** Horizontal bars with their numbers: the counts read at a glance and stay readable without the picture. */
export function BarChart({ title, counts }: { title: string; counts: Record<string, number> }) {
  const { t } = useI18n();
  const entries = Object.entries(counts).sort((a, b) => b[1] - a[1]);
  const max = Math.max(1, ...entries.map(([, value]) => value));
  return (
    <figure className="card chart">
      <figcaption>
        <strong>{title}</strong>
      </figcaption>
      {entries.length === 0 ? <p className="muted">{t('dashboard.none')}</p> : null}
      <dl className="funnel">
        {entries.map(([label, value]) => (
          <div className="bar" key={label}>
            <dt>{label}</dt>
            <dd aria-hidden="true" style={{ width: `${(value / max) * 100}%` }} />
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </figure>
  );
}

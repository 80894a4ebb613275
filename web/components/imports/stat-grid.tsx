/** Counts side by side, each under its label. */
export function StatGrid({ stats, label }: { stats: { label: string; value: string | number; testId?: string }[]; label: string }) {
  return (
    <dl className="grid" aria-label={label}>
      {stats.map((stat) => (
        <div key={stat.label} className="card">
          <dt className="muted">{stat.label}</dt>
          <dd className="stat" data-testid={stat.testId}>
            {stat.value}
          </dd>
        </div>
      ))}
    </dl>
  );
}

'use client';

import Link from 'next/link';
import { ProblemMessage } from '../../components/states';
import { useI18n } from '../../lib/i18n';
import { isManager, useSession } from '../../lib/session';
import { useApi } from '../../lib/use-api';

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

function Stat({ label, value, href }: { label: string; value: string | number | undefined; href?: string }) {
  return (
    <div className="card">
      <div className="muted">{label}</div>
      <div className="stat">{value ?? '…'}</div>
      {href ? <Link href={href}>→</Link> : null}
    </div>
  );
}

const countOf = (page: Page<unknown> | undefined) => (page ? `${page.items.length}${page.nextCursor ? '+' : ''}` : undefined);

export default function DashboardPage() {
  const { t } = useI18n();
  const { user, tenant } = useSession();
  const manager = isManager(user.role);
  const leads = useApi<Page<unknown>>('/leads?limit=200');
  const properties = useApi<Page<unknown>>('/properties?status=AVAILABLE&limit=200');
  const running = useApi<Page<{ id: string; name: string }>>(manager ? '/campaigns?status=RUNNING,SCHEDULED&limit=20' : null);
  const channel = useApi<{ configured: boolean; status?: string }>(manager ? '/channels/whatsapp' : null);
  const problem = leads.error ?? properties.error;

  return (
    <>
      <h1>
        {t('dashboard.title')} · {tenant.name}
      </h1>
      {problem ? <ProblemMessage problem={problem} /> : null}
      <div className="grid">
        <Stat label={t('dashboard.leads')} value={countOf(leads.data)} />
        <Stat label={t('dashboard.properties')} value={countOf(properties.data)} href="/properties" />
        {manager ? <Stat label={t('dashboard.runningCampaigns')} value={countOf(running.data)} href="/campaigns" /> : null}
        {manager ? <Stat label={t('dashboard.channel')} value={channel.data && !channel.data.configured ? '—' : channel.data?.status} href="/settings" /> : null}
      </div>
      {running.data?.items.length ? (
        <section className="card">
          <h2>{t('dashboard.runningCampaigns')}</h2>
          <ul>
            {running.data.items.map((campaign) => (
              <li key={campaign.id}>
                <Link href={`/campaigns/${campaign.id}`}>{campaign.name}</Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}

'use client';

import Link from 'next/link';
import { ManagersOnly } from '../../../components/app-shell';
import { DataTable } from '../../../components/data-table';
import { ListStatus, LoadMore } from '../../../components/states';
import { useI18n } from '../../../lib/i18n';
import { useLabel } from '../../../lib/labels';
import { usePagedApi } from '../../../lib/use-paged-api';
import { Megaphone } from 'lucide-react';
import { EmptyState } from '../../../components/ui/empty-state';
import { StatusBadge } from '../../../components/ui/status-badge';

interface CampaignRow {
  id: string;
  name: string;
  type: string;
  status: string;
  createdAt: string;
}

function CampaignList() {
  const { t } = useI18n();
  const label = useLabel();
  const list = usePagedApi<CampaignRow>('/campaigns?limit=100');
  return (
    <>
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <h1>{t('campaigns.title')}</h1>
        <Link className="button" href="/campaigns/new">
          {t('campaigns.new')}
        </Link>
      </div>
      <ListStatus list={list} empty={<EmptyState icon={Megaphone} title={t('campaigns.empty')} hint={t('campaigns.emptyHint')} />} />
      <DataTable
        rows={list.data?.items ?? []}
        columns={[
          { header: t('campaigns.name'), cell: (campaign) => <Link href={`/campaigns/${campaign.id}`}>{campaign.name}</Link> },
          { header: t('campaigns.type'), cell: (campaign) => label('campaignType', campaign.type) },
          { header: t('properties.status'), cell: (campaign) => <StatusBadge kind="campaignStatus" code={campaign.status} /> },
        ]}
      />
      <LoadMore list={list} />
    </>
  );
}

export default function CampaignsPage() {
  return (
    <ManagersOnly>
      <CampaignList />
    </ManagersOnly>
  );
}

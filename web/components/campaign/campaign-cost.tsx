'use client';

import type { z } from 'zod';
import type { campaignDetailSchema } from '../../../api/contracts/campaigns.schemas';
import { useI18n } from '../../lib/i18n';
import { useCostFormat } from './cost-format';

type Cost = z.infer<typeof campaignDetailSchema>['cost'];

/** What the campaign was estimated to cost at launch next to what Meta's statuses say it costs so far. */
export function CampaignCost({ cost }: { cost: Cost }) {
  const { t } = useI18n();
  const format = useCostFormat();
  return (
    <section className="card" aria-labelledby="cost-title">
      <h2 id="cost-title">{t('campaigns.cost')}</h2>
      <p data-testid="cost-estimated">
        {cost.estimated ? t('campaigns.costEstimated', { total: format.usd(cost.estimated.total), count: format.count(cost.estimated.recipients) }) : t('campaigns.costNotEstimated')}
      </p>
      <p data-testid="cost-billable">{t('campaigns.costBillable', { total: format.usd(cost.billable.amount), count: format.count(cost.billable.messages) })}</p>
    </section>
  );
}

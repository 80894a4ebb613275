'use client';

import type { z } from 'zod';
import type { messagingCapacitySchema } from '../../../api/contracts/whatsapp-channel.schemas';
import type { CostEstimate } from '../../../domain/pricing/campaign-cost';
import { useI18n } from '../../lib/i18n';
import { DataTable } from '../data-table';
import type { AudienceReach } from './audience-reach';
import { useCostFormat } from './cost-format';

export type MessagingCapacity = z.infer<typeof messagingCapacitySchema>;

export interface AudiencePreview {
  count: number;
  fitsToday: number;
  estimatedCost: CostEstimate | null;
  /** Who of the audience the content reaches; null without content. */
  reach: AudienceReach | null;
}

interface Props {
  preview: AudiencePreview | undefined;
  capacity: MessagingCapacity | undefined;
  /** What the campaign sends: only templates cost anything outside the 24 h service window. */
  kind: 'template' | 'text' | 'voice';
  maxRecipients: number | undefined;
}

/** Before launch: how many leads get the campaign, how many of them today's WhatsApp limit takes, and what Meta will charge. */
export function CapacityCost({ preview, capacity, kind, maxRecipients }: Props) {
  const { t } = useI18n();
  const format = useCostFormat();
  if (!preview) {
    return (
      <section className="card" aria-labelledby="capacity-title" data-testid="capacity-cost">
        <h2 id="capacity-title">{t('campaigns.capacityCost')}</h2>
        <p className="muted">…</p>
      </section>
    );
  }
  const capped = maxRecipients !== undefined && maxRecipients < preview.count;
  const audience = capped ? maxRecipients : preview.count;
  // Leads the content skips (outside the 24 h window, over the frequency cap…) take no capacity and cost nothing.
  const recipients = preview.reach ? preview.reach.reached : audience;
  const skipped = audience - recipients;
  const fitsToday = Math.min(preview.fitsToday, recipients);
  const later = recipients - fitsToday;
  const estimate = preview.estimatedCost;
  return (
    <section className="card" aria-labelledby="capacity-title" data-testid="capacity-cost">
      <h2 id="capacity-title">{t('campaigns.capacityCost')}</h2>
      <p data-testid="capacity-recipients">{t('campaigns.capacityRecipients', { count: format.count(recipients) })}</p>
      {capped ? <p>{t('campaigns.capacityCapped', { max: format.count(maxRecipients), audience: format.count(preview.count) })}</p> : null}
      {skipped > 0 ? <p data-testid="capacity-skipped">{t('campaigns.capacitySkipped', { skipped: format.count(skipped) })}</p> : null}
      {capacity ? (
        <p className="muted">
          {capacity.limit === null || capacity.remaining === null
            ? t('campaigns.capacityUnlimited')
            : t('campaigns.capacityLimit', { limit: format.count(capacity.limit), remaining: format.count(capacity.remaining) })}
        </p>
      ) : null}
      <p data-testid="capacity-today">{t('campaigns.capacityToday', { fits: format.count(fitsToday), count: format.count(recipients) })}</p>
      {later > 0 ? <p>{t('campaigns.capacityLater', { rest: format.count(later) })}</p> : null}
      <h3>{t('campaigns.cost')}</h3>
      {kind !== 'template' ? (
        <p data-testid="cost-total">{t('campaigns.costFree')}</p>
      ) : !estimate ? (
        <p className="muted" data-testid="cost-total">
          {t('campaigns.costNeedsTemplate')}
        </p>
      ) : (
        <>
          <p data-testid="cost-total">
            {t('campaigns.costTotal', { total: format.usd(estimate.total), count: format.count(estimate.recipients) })}
          </p>
          <DataTable
            rows={estimate.byCountry.map((row) => ({ ...row, id: row.country }))}
            columns={[
              { header: t('campaigns.costCountry'), cell: (row) => format.country(row.country) },
              { header: t('campaigns.recipients'), cell: (row) => format.count(row.recipients) },
              {
                header: t('campaigns.costAmount'),
                cell: (row) =>
                  row.free === row.recipients
                    ? t('campaigns.costFreeRow')
                    : `${format.usd(row.amount)}${row.free ? ` (${t('campaigns.costSomeFree', { free: format.count(row.free) })})` : ''}`,
              },
              // Last: on a phone the table scrolls sideways, and the amount matters more than the rate.
              { header: t('campaigns.costUnitPrice'), cell: (row) => format.unitPrice(row.unitPrice) },
            ]}
          />
          <p>
            <small className="muted">{t('campaigns.costTable', { version: estimate.priceTableVersion, date: priceTableDay(estimate.priceTableVersion, format.day) })}</small>
          </p>
        </>
      )}
    </section>
  );
}

/** Versions name the day Meta's card took effect (meta-2026-10-01). */
function priceTableDay(version: string, day: (iso: string) => string): string {
  const found = /\d{4}-\d{2}-\d{2}/.exec(version);
  return found ? day(found[0]) : version;
}

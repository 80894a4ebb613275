import type { AutomationMessage } from '../domain/automations';
import type { CampaignContent } from '../domain/campaign';
import { workflowIds } from '../domain/temporal-contracts';
import { readTenantSettings } from '../domain/tenant-settings';
import type { Database } from '../prisma/client';
import { countAudience } from '../prisma/repositories/campaign-audience';
import { leadsForProperty } from '../prisma/repositories/matching';
import type { PropertyAlertInput } from '../workflows/property-alert.contract';

export type PropertyAlertOpening = { action: 'start'; campaignId: string } | { action: 'skip'; reason: string };

/** Leads matched per alert; the matching prefilter bounds the scan. */
const MAX_MATCHED_LEADS = 5_000;
const NAME_PREFIX = { new_listing: 'Nueva propiedad', price_drop: 'Bajó de precio' } as const;

/** A template names the property its variables describe; free text goes as the property's card. */
function alertContent(message: AutomationMessage, propertyId: string): CampaignContent {
  return message.kind === 'template' ? { ...message, propertyId } : { kind: 'property_cards', propertyIds: [propertyId], intro: message.body };
}

function dropPercent(previousPrice: string | undefined, price: string): number {
  const before = Number(previousPrice);
  return before > 0 ? ((before - Number(price)) / before) * 100 : 0;
}

export function createPropertyAlertActivities({ db }: { db: Database }) {
  return {
    /**
     * Turns a listing or a price drop into an automatic campaign: the leads whose search the
     * property fits are recorded as matched, and the campaign goes to everyone interested in it.
     * The API starts the workflow after its change committed, so what is read here is the change or later.
     */
    async openPropertyAlert(input: PropertyAlertInput & { campaignId: string }): Promise<PropertyAlertOpening> {
      const { tenantId, propertyId, trigger, campaignId } = input;
      return db.inTenant(tenantId, async (tx) => {
        const skip = (reason: string): PropertyAlertOpening => ({ action: 'skip', reason });
        if (await tx.campaign.findUnique({ where: { id: campaignId }, select: { id: true } })) return { action: 'start', campaignId };
        const tenant = await tx.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { settings: true } });
        const automations = readTenantSettings(tenant.settings).automations;
        const rule = trigger === 'new_listing' ? automations.newListingAlert : automations.priceDropAlert;
        if (!rule.enabled || !rule.message) return skip('rule_disabled');
        if (trigger === 'price_drop' && dropPercent(input.previousPrice, input.price) < automations.priceDropAlert.minDropPercent) return skip('drop_too_small');
        const property = await tx.property.findUnique({ where: { id: propertyId } });
        if (!property) return skip('property_gone');
        if (trigger === 'price_drop' && !property.price.equals(input.price)) return skip('price_changed_again');
        if (property.status !== 'AVAILABLE') return skip('property_not_available');
        if (!(await tx.whatsAppChannel.findFirst({ select: { id: true } }))) return skip('no_whatsapp_channel');
        const matches = await leadsForProperty(tx, property, MAX_MATCHED_LEADS);
        await tx.leadPropertyInterest.createMany({ data: matches.map(({ item }) => ({ tenantId, leadId: item.id, propertyId, source: 'MATCH' as const })), skipDuplicates: true });
        const audience = { propertyIds: [propertyId] };
        if ((await countAudience(tx, audience)) === 0) return skip('no_interested_leads');
        await tx.campaign.create({
          data: {
            id: campaignId,
            tenantId,
            name: `${NAME_PREFIX[trigger]}: ${property.title}`.slice(0, 120),
            type: 'PROPIEDADES',
            status: 'SCHEDULED',
            audience,
            content: JSON.parse(JSON.stringify(alertContent(rule.message, propertyId))) as object,
            schedule: { kind: 'now' },
            workflowId: workflowIds.campaign(tenantId, campaignId),
            trigger: `${trigger}:${propertyId}`,
          },
        });
        return { action: 'start', campaignId };
      });
    },
  };
}

export type PropertyAlertActivities = ReturnType<typeof createPropertyAlertActivities>;

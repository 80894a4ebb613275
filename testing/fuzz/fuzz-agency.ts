import { createSession } from '../../api/auth/sessions';
import type { Database } from '../../prisma/client';
import { apiKeyFor } from '../api-harness';
import { createTestTenant, createTestUser } from '../harness';

export interface FuzzAgency {
  tenantId: string;
  ownerId: string;
  apiKey: string;
  /** Ids of the agency's records by the collection they live in (`leads`, `properties`, …). */
  ids: Record<string, string[]>;
}

/** An agency with one record of each kind, so fuzzed requests reach past "not found". */
export async function createFuzzAgency(db: Database): Promise<FuzzAgency> {
  const tenant = await createTestTenant(db, 'Fuzz');
  const tenantId = tenant.id;
  const [owner, agent] = [await createTestUser(db, tenantId, 'OWNER'), await createTestUser(db, tenantId, 'AGENT')];
  const key = await apiKeyFor(db, tenantId);
  const ids = await db.inTenant(tenantId, async (tx) => {
    const lead = await tx.lead.create({ data: { tenantId, name: 'Lucía Fernández', phone: '+5491160000001', origin: 'WHATSAPP', tags: ['vip'] } });
    const property = await tx.property.create({ data: { tenantId, title: 'Depto 3 ambientes', price: 150000, operation: 'SALE', type: 'APARTMENT', zone: 'Palermo' } });
    const conversation = await tx.conversation.create({ data: { tenantId, leadId: lead.id, channel: 'WHATSAPP_CLOUD', contact: lead.phone!, botActive: false, assigneeId: agent.id } });
    const card = { type: 'contacts', contacts: [{ name: 'Juan', phones: [{ phone: '+5491160000002', waId: '5491160000002' }] }] };
    const message = await tx.message.create({ data: { tenantId, leadId: lead.id, conversationId: conversation.id, direction: 'INBOUND', type: 'CONTACTS', channel: 'WHATSAPP_CLOUD', body: 'Juan', status: 'RECEIVED', content: card } });
    const campaign = await tx.campaign.create({ data: { tenantId, name: 'Oportunidades', type: 'OPORTUNIDADES', audience: { tags: ['vip'] }, content: { kind: 'text', body: 'Hola' } } });
    const visit = await tx.visit.create({ data: { tenantId, leadId: lead.id, propertyId: property.id, agentId: agent.id, scheduledAt: new Date(Date.now() + 86_400_000) } });
    const template = await tx.whatsAppTemplate.create({ data: { tenantId, name: 'hola', language: 'es', category: 'MARKETING', components: [{ type: 'BODY', text: 'Hola' }] } });
    return {
      leads: [lead.id],
      properties: [property.id],
      conversations: [conversation.id],
      messages: [message.id],
      campaigns: [campaign.id],
      visits: [visit.id],
      templates: [template.id],
      users: [owner.id, agent.id],
      'api-keys': [key.id],
      tenants: [tenantId],
    };
  });
  return { tenantId, ownerId: owner.id, apiKey: key.key, ids };
}

/** A fresh session for the agency's owner: a fuzzed logout or password change must not end the run's access. */
export async function ownerBearer(db: Database, agency: FuzzAgency): Promise<string> {
  const { token } = await createSession(db, { tenantId: agency.tenantId, userId: agency.ownerId });
  return `Bearer ${token}`;
}

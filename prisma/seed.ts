import { hashPassword } from '../domain/passwords';
import type { Database } from './client';
import type { Prisma } from './generated/client';

export const DEMO_CREDENTIALS = {
  tenantSlug: 'demo',
  admin: { email: 'admin@demo.astor.local', password: 'astor-demo-admin' },
  agent: { email: 'agente@demo.astor.local', password: 'astor-demo-agente' },
  superadmin: { email: 'superadmin@astor.local', password: 'astor-demo-super' },
} as const;

const PROPERTIES: Omit<Prisma.PropertyUncheckedCreateInput, 'tenantId'>[] = [
  { title: 'Departamento 2 ambientes en Palermo', price: 145000, currency: 'USD', operation: 'SALE', type: 'APARTMENT', zone: 'Palermo', rooms: 2, areaM2: 48, photoUrls: [] },
  { title: 'Casa con jardín en Belgrano', price: 420000, currency: 'USD', operation: 'SALE', type: 'HOUSE', zone: 'Belgrano', rooms: 5, areaM2: 210, photoUrls: [] },
  { title: 'Monoambiente luminoso en Caballito', price: 520000, currency: 'ARS', operation: 'RENT', type: 'APARTMENT', zone: 'Caballito', rooms: 1, areaM2: 32, photoUrls: [] },
  { title: 'PH reciclado en Villa Crespo', price: 189000, currency: 'USD', operation: 'SALE', type: 'PH', zone: 'Villa Crespo', rooms: 3, areaM2: 85, photoUrls: [] },
  { title: 'Lote en Pilar', price: 95000, currency: 'USD', operation: 'SALE', type: 'LAND', zone: 'Pilar', areaM2: 600, photoUrls: [] },
  { title: 'Oficina en Microcentro', price: 900000, currency: 'ARS', operation: 'RENT', type: 'OFFICE', zone: 'Microcentro', rooms: 4, areaM2: 120, status: 'RESERVED', photoUrls: [] },
];

const LEADS: Omit<Prisma.LeadUncheckedCreateInput, 'tenantId'>[] = [
  { name: 'Lucía Fernández', phone: '+5491155550101', email: 'lucia@example.com', origin: 'META_ADS', stage: 'NEW', tags: ['compra'], searchZone: 'Palermo', searchType: 'APARTMENT', searchOperation: 'SALE', budgetMin: 100000, budgetMax: 160000, budgetCurrency: 'USD', roomsMin: 2 },
  { name: 'Martín Gómez', phone: '+5491155550102', origin: 'WHATSAPP', stage: 'CONTACTED', tags: ['alquiler'], searchZone: 'Caballito', searchType: 'APARTMENT', searchOperation: 'RENT', budgetMax: 600000, budgetCurrency: 'ARS' },
  { name: 'Sofía Ramírez', phone: '+5491155550103', email: 'sofia@example.com', dni: '30111222', origin: 'LANDING', stage: 'QUALIFIED', tags: ['inversor'], searchZone: 'Belgrano', searchType: 'HOUSE', searchOperation: 'SALE', budgetMin: 350000, budgetMax: 450000, budgetCurrency: 'USD', roomsMin: 4 },
  { name: 'Diego López', phone: '+5491155550104', origin: 'WEB', stage: 'VISIT_SCHEDULED', searchZone: 'Villa Crespo', searchType: 'PH', searchOperation: 'SALE', budgetMax: 200000, budgetCurrency: 'USD' },
  { name: 'Valentina Torres', phone: '+56955550105', origin: 'META_ADS', stage: 'NEW', tags: ['chile'] },
  { name: 'Carlos Hernández', phone: '+525555550106', email: 'carlos@example.com', origin: 'MANUAL', stage: 'NEGOTIATION', searchZone: 'Pilar', searchType: 'LAND', searchOperation: 'SALE', budgetMax: 100000, budgetCurrency: 'USD' },
];

/** Creates the demo tenant, its users, properties and leads when the database has no tenant yet. */
export async function seedDemoData(db: Database): Promise<boolean> {
  if ((await db.prisma.tenant.count()) > 0) return false;
  const tenant = await db.prisma.tenant.create({
    data: { name: 'Inmobiliaria Demo', slug: DEMO_CREDENTIALS.tenantSlug, plan: 'PRO', contactEmail: DEMO_CREDENTIALS.admin.email },
  });
  await db.prisma.platformAdmin.create({
    data: { email: DEMO_CREDENTIALS.superadmin.email, name: 'Astor Superadmin', passwordHash: await hashPassword(DEMO_CREDENTIALS.superadmin.password) },
  });
  const [adminHash, agentHash] = await Promise.all([
    hashPassword(DEMO_CREDENTIALS.admin.password),
    hashPassword(DEMO_CREDENTIALS.agent.password),
  ]);
  await db.inTenant(tenant.id, async (tx) => {
    await tx.user.create({ data: { tenantId: tenant.id, email: DEMO_CREDENTIALS.admin.email, name: 'Ana Admin', role: 'OWNER', passwordHash: adminHash } });
    const agent = await tx.user.create({
      data: { tenantId: tenant.id, email: DEMO_CREDENTIALS.agent.email, name: 'Pablo Agente', role: 'AGENT', availability: 'AVAILABLE', passwordHash: agentHash },
    });
    await tx.property.createMany({ data: PROPERTIES.map((property) => ({ ...property, tenantId: tenant.id })) });
    for (const [index, lead] of LEADS.entries()) {
      const created = await tx.lead.create({ data: { ...lead, tenantId: tenant.id, assignedAgentId: index % 2 === 0 ? agent.id : null } });
      await tx.event.create({ data: { tenantId: tenant.id, leadId: created.id, type: 'lead.created', origin: created.origin, payload: { seeded: true } } });
    }
    await tx.assistant.create({
      data: {
        tenantId: tenant.id,
        name: 'Asistente Demo',
        greeting: '¡Hola! Soy el asistente de Inmobiliaria Demo. ¿Buscás comprar o alquilar?',
        handoffKeywords: ['asesor', 'humano', 'agente'],
        faq: [{ question: 'horario', answer: 'Atendemos de lunes a viernes de 9 a 18 h.' }],
      },
    });
  });
  return true;
}

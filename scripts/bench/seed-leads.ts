import { adminQuery } from '../../testing/harness';

const FIRST = ['Lucía', 'Martín', 'Sofía', 'Mateo', 'Valentina', 'Santiago', 'Camila', 'Benjamín', 'Julieta', 'Tomás', 'Florencia', 'Joaquín', 'Agustina', 'Nicolás', 'Micaela', 'Facundo', 'Rocío', 'Lautaro', 'Milagros', 'Gonzalo'];
const LAST = ['González', 'Rodríguez', 'Gómez', 'Fernández', 'López', 'Díaz', 'Martínez', 'Pérez', 'García', 'Sánchez', 'Romero', 'Sosa', 'Torres', 'Álvarez', 'Ruiz', 'Ramírez', 'Flores', 'Benítez', 'Acosta', 'Medina'];
export const ZONES = ['Palermo', 'Belgrano', 'Recoleta', 'Caballito', 'Villa Crespo', 'Núñez', 'Colegiales', 'Almagro', 'Villa Urquiza', 'Saavedra', 'Flores', 'Boedo', 'San Telmo', 'Puerto Madero', 'Barracas', 'Devoto', 'Villa del Parque', 'Chacarita', 'Coghlan', 'Balvanera', 'Monserrat', 'Retiro', 'Olivos', 'Vicente López', 'San Isidro', 'Martínez', 'Pilar', 'Tigre', 'Quilmes', 'Lanús'];
export const TAGS = ['inversor', 'compra', 'alquiler', 'vip', 'credito'];

const sqlArray = (values: string[]) => `ARRAY[${values.map((value) => `'${value.replace(/'/g, "''")}'`).join(',')}]`;

/** Inserts `count` realistic leads for a tenant with set-based SQL (as the owner, in chunks). */
export async function seedLeads(tenantId: string, agentIds: string[], count: number, onChunk: (done: number) => void): Promise<void> {
  const chunk = 100_000;
  for (let from = 0; from < count; from += chunk) {
    const to = Math.min(count, from + chunk);
    await adminQuery(
      `INSERT INTO "Lead" (id, "tenantId", name, phone, email, dni, origin, stage, tags, "assignedAgentId", "searchZone", "searchOperation", "budgetMax", "budgetCurrency", "createdAt", "updatedAt")
       SELECT gen_random_uuid(), $1,
         (${sqlArray(FIRST)})[1 + g % 20] || ' ' || (${sqlArray(LAST)})[1 + (g / 20) % 20] || ' ' || (${sqlArray(LAST)})[1 + (g / 400) % 20],
         '+54911' || lpad(g::text, 8, '0'),
         CASE WHEN g % 3 = 0 THEN 'lead' || g || '@correo.com' END,
         CASE WHEN g % 10 < 3 THEN (20000000 + g)::text END,
         (ARRAY['META_ADS','LANDING','WHATSAPP','WEB','MANUAL','REFERRAL'])[1 + g % 6]::"LeadOrigin",
         (ARRAY['NEW','NEW','NEW','CONTACTED','CONTACTED','QUALIFIED','VISIT_SCHEDULED','NEGOTIATION','WON','LOST'])[1 + (g * 7) % 10]::"LeadStage",
         CASE WHEN g % 5 = 0 THEN ARRAY[(${sqlArray(TAGS)})[1 + (g / 5) % 5]] ELSE '{}'::text[] END,
         CASE WHEN g % 2 = 0 THEN ($2::uuid[])[1 + (g / 2) % cardinality($2::uuid[])] END,
         (${sqlArray(ZONES)})[1 + (g * 13) % 30],
         (ARRAY['SALE','RENT'])[1 + g % 2]::"PropertyOperation",
         50000 + (g % 400) * 1000, 'USD',
         now() - ((g::bigint * 7919) % 730) * interval '1 day' - (g % 86400) * interval '1 second',
         now() - ((g::bigint * 7919) % 730) * interval '1 day' + (g % 30) * interval '1 day'
       FROM generate_series($3::int, $4::int) AS g`,
      [tenantId, agentIds, from, to - 1],
    );
    onChunk(to);
  }
}

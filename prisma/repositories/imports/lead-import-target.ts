import { createLead, deleteLead, updateLead, type LeadData } from '../leads.repository';
import { sqlOf } from '../../client';
import { LEAD_COLUMNS, leadOfRow, type LeadRow } from '../lead-rows';
import { matchRows, noneOf, valuesOf, type ImportTarget } from './import-target';

const KEYS = ['phone', 'dni', 'email'] as const;
/** Events a lead gets from the import itself; any other (a note, a message, a stage change) means someone worked it. */
const IMPORT_EVENTS = ['lead.created', 'lead.updated'];

const normalize = (key: string, value: unknown) => (typeof value === 'string' && value ? (key === 'email' ? value.toLowerCase() : value) : undefined);

/** Leads as an import fills them: merged by canonical phone, DNI or e-mail (case-insensitive), the same keys as intake. */
export const leadImportTarget: ImportTarget = {
  listFields: ['tags'],
  async existingFor(tx, rows) {
    const [phones, dnis, emails] = KEYS.map((key) => valuesOf(rows, key, normalize));
    // Raw SQL: Prisma's plan cache keeps a typed query's parameters, thousands of keys per lookup.
    const records = await sqlOf(tx)<LeadRow>(
      `SELECT ${LEAD_COLUMNS} FROM "Lead" l WHERE l."tenantId" = current_setting('app.tenant_id')::uuid
         AND (l.phone = ANY($1::text[]) OR l.dni = ANY($2::text[]) OR lower(l.email) = ANY($3::text[]))`,
      [phones, dnis, emails],
    );
    return matchRows(rows, records.map(leadOfRow), KEYS, normalize);
  },
  current: (tx, id) => tx.lead.findUnique({ where: { id } }),
  create: (tx, values, importId) => createLead(tx, values as LeadData, { importId }),
  async update(tx, id, patch) {
    await updateLead(tx, id, patch as Parameters<typeof updateLead>[2]);
  },
  async untouched(tx, leadId) {
    return noneOf([
      () => tx.message.count({ where: { leadId }, take: 1 }),
      () => tx.visit.count({ where: { leadId }, take: 1 }),
      () => tx.event.count({ where: { leadId, type: { notIn: IMPORT_EVENTS } }, take: 1 }),
      () => tx.conversation.count({ where: { leadId }, take: 1 }),
    ]);
  },
  async remove(tx, id) {
    await deleteLead(tx, id);
  },
  count: (tx) => tx.lead.count(),
};

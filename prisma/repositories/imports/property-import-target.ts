import type { Prisma } from '../../generated/client';
import { recordAudit } from '../../audit-log';
import { tenantContext } from '../../tenant-context';
import { matchRows, noneOf, valuesOf, type ImportTarget } from './import-target';

const KEYS = ['externalRef'] as const;
const normalize = (_key: string, value: unknown) => (typeof value === 'string' && value ? value : undefined);

/**
 * Properties as an import fills them: merged by the agency's own reference (externalRef). An imported listing
 * starts no new-listing alert: moving a catalogue in is not news to the agency's leads.
 */
export const propertyImportTarget: ImportTarget = {
  listFields: ['photoUrls'],
  async existingFor(tx, rows) {
    const refs = valuesOf(rows, 'externalRef', normalize);
    const records = refs.length ? await tx.property.findMany({ where: { externalRef: { in: refs } } }) : [];
    return matchRows(rows, records, KEYS, normalize);
  },
  current: (tx, id) => tx.property.findUnique({ where: { id } }),
  async create(tx, values, importId) {
    const { tenantId } = tenantContext.require('import property');
    const created = await tx.property.create({ data: { ...(values as Prisma.PropertyUncheckedCreateInput), tenantId } });
    await recordAudit(tx, { action: 'create', entity: 'Property', entityId: created.id, after: { ...created, importId } });
    return created;
  },
  async update(tx, id, patch) {
    const before = await tx.property.findUniqueOrThrow({ where: { id } });
    const after = await tx.property.update({ where: { id }, data: patch as Prisma.PropertyUncheckedUpdateInput });
    await recordAudit(tx, { action: 'update', entity: 'Property', entityId: id, before, after });
  },
  async untouched(tx, propertyId) {
    return noneOf([() => tx.visit.count({ where: { propertyId }, take: 1 }), () => tx.leadPropertyInterest.count({ where: { propertyId }, take: 1 })]);
  },
  async remove(tx, id) {
    const before = await tx.property.delete({ where: { id } });
    await recordAudit(tx, { action: 'delete', entity: 'Property', entityId: id, before });
  },
  count: (tx) => tx.property.count(),
};

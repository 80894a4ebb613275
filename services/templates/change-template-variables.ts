import { AppError } from '../../domain/app-error';
import { bodyTextOf, countBodyVariables } from '../../domain/whatsapp-template';
import { recordAudit } from '../../prisma/audit-log';
import type { Database } from '../../prisma/client';
import type { Prisma } from '../../prisma/generated/client';
import { findTemplate } from './find-template';
import type { TemplateVariables } from './template-types';

/** Sets which field (or fixed text) fills each body {{n}}: one mapping per body variable. */
export function changeTemplateVariables({ db }: { db: Database }, templateId: string, body: TemplateVariables) {
  return db.forCurrentTenant(async (tx) => {
    const before = await findTemplate(tx, templateId);
    const counted = countBodyVariables(bodyTextOf(before.components) ?? '');
    const count = 'count' in counted ? counted.count : 0;
    if (body.variables.length !== count) {
      throw new AppError('validation_failed', 'Some fields are not valid', { es: 'Algunos campos no son válidos', fields: [{ path: 'variables', message: `needs one mapping per body variable (${count})`, code: 'custom' }] });
    }
    const after = await tx.whatsAppTemplate.update({ where: { id: before.id }, data: { variables: body.variables as Prisma.InputJsonValue } });
    await recordAudit(tx, { action: 'update', entity: 'WhatsAppTemplate', entityId: after.id, before, after });
    return after;
  });
}

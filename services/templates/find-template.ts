import { AppError } from '../../domain/app-error';
import type { TenantTx } from '../../prisma/client';
import type { WhatsAppTemplate } from '../../prisma/generated/client';

export async function findTemplate(tx: TenantTx, id: string): Promise<WhatsAppTemplate> {
  const template = await tx.whatsAppTemplate.findUnique({ where: { id } });
  if (!template) throw new AppError('not_found', 'No such WhatsApp template in this agency');
  return template;
}

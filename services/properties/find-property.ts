import { AppError } from '../../domain/app-error';
import type { TenantTx } from '../../prisma/client';

export function propertyNotFound(): AppError {
  return new AppError('not_found', 'No such property in this agency');
}

export async function findProperty(tx: TenantTx, id: string) {
  const property = await tx.property.findUnique({ where: { id } });
  if (!property) throw propertyNotFound();
  return property;
}

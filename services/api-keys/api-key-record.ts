import { AppError } from '../../domain/app-error';
import type { ApiKey } from '../../prisma/generated/client';

/** An API key as the API shows it and the audit log keeps it: never its secret's digest. */
export function apiKeyRecord({ id, name, prefix, createdById, lastUsedAt, revokedAt, createdAt }: ApiKey) {
  return { id, name, prefix: `ast_k_${prefix}`, createdById, lastUsedAt, revokedAt, createdAt };
}

export function apiKeyNotFound(): AppError {
  return new AppError('not_found', 'No such API key in this agency');
}

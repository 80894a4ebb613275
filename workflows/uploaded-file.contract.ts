import type { ImportEntity } from '../domain/imports/import-fields';
import type { Actor } from '../prisma/tenant-context';

export interface UploadedSheet {
  tenantId: string;
  uploadId: string;
  entity: ImportEntity;
}

export interface UploadedSheetDryRun extends UploadedSheet {
  actor: Actor;
  columns?: Record<string, string | null>;
}

export interface UploadedArchive {
  tenantId: string;
  actor: Actor;
  uploadId: string;
  dryRun: boolean;
}

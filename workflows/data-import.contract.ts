export type ImportPhase = 'apply' | 'undo';

export interface DataImportInput {
  tenantId: string;
  importId: string;
  phase: ImportPhase;
}

'use client';

import { StatusBadge } from '../ui/status-badge';
import type { DataImport } from './import-types';

export function ImportStatusBadge({ status }: { status: DataImport['status'] }) {
  return <StatusBadge kind="importStatus" code={status} testId="import-status" />;
}

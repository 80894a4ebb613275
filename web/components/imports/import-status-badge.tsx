'use client';

import { useI18n } from '../../lib/i18n';
import type { MessageKey } from '../../lib/messages';
import type { DataImport } from './import-types';

export function ImportStatusBadge({ status }: { status: DataImport['status'] }) {
  const { t } = useI18n();
  return (
    <span className={`badge ${status}`} data-testid="import-status">
      {t(`imports.status.${status}` as MessageKey)}
    </span>
  );
}

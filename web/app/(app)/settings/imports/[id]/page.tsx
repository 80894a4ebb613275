'use client';

import Link from 'next/link';
import { useParams } from 'next/navigation';
import { ManagersOnly } from '../../../../../components/app-shell';
import { ImportDetail } from '../../../../../components/imports/import-detail';
import { useI18n } from '../../../../../lib/i18n';

export default function ImportPage() {
  const { t } = useI18n();
  const { id } = useParams<{ id: string }>();
  return (
    <ManagersOnly>
      <p>
        <Link href="/settings/imports">{t('imports.back')}</Link>
      </p>
      <ImportDetail id={id} />
    </ManagersOnly>
  );
}

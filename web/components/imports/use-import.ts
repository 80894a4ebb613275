'use client';

import { useEffect } from 'react';
import { useApi } from '../../lib/use-api';
import type { DataImport } from './import-types';

const POLL_MS = 1_000;
export const isRunning = (status: DataImport['status']) => status === 'APPLYING' || status === 'UNDOING';

/** One import, read again every second while a workflow is applying or undoing it. */
export function useImport(id: string) {
  const found = useApi<DataImport>(`/imports/${id}`);
  const { reload } = found;
  const running = found.data ? isRunning(found.data.status) : false;
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => void reload(), POLL_MS);
    return () => clearInterval(timer);
  }, [running, reload]);
  return found;
}

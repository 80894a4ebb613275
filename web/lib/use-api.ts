'use client';

import { useCallback, useEffect, useState } from 'react';
import { api } from './api';
import { useLatestRead } from './use-latest-read';

/** Shared first reads in flight, by path: components of one page that mount together ask the API once. */
const sharedReads = new Map<string, Promise<unknown>>();

function readShared<T>(path: string): Promise<T> {
  const inFlight = sharedReads.get(path);
  if (inFlight) return inFlight as Promise<T>;
  const read = api<T>(path).finally(() => sharedReads.delete(path));
  sharedReads.set(path, read);
  return read;
}

/**
 * Reads an API resource, with loading and error states, and a way to read it again. With `shared`,
 * the first read joins one of the same path already in flight; `reload` always asks anew.
 */
export function useApi<T>(path: string | null, { shared = false }: { shared?: boolean } = {}) {
  const [data, setData] = useState<T | undefined>();
  const { error, loading, settle } = useLatestRead(path !== null);
  const read = useCallback(
    async (first: boolean) => {
      if (path !== null) await settle(() => (first && shared ? readShared<T>(path) : api<T>(path)), setData);
    },
    [path, shared, settle],
  );
  const reload = useCallback(() => read(false), [read]);
  useEffect(() => {
    void read(true);
  }, [read]);
  return { data, error, loading, reload };
}

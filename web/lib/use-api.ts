'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiProblem } from './api';

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
  const [error, setError] = useState<ApiProblem | undefined>();
  const [loading, setLoading] = useState(path !== null);
  // Reads overlap (a live event, another path): only the latest one may show, never an older one that answered last.
  const latest = useRef(0);
  const read = useCallback(
    async (first: boolean) => {
      if (path === null) return;
      const ticket = ++latest.current;
      setLoading(true);
      try {
        const answer = await (first && shared ? readShared<T>(path) : api<T>(path));
        if (ticket !== latest.current) return;
        setData(answer);
        setError(undefined);
      } catch (problem) {
        if (ticket === latest.current) setError(problem instanceof ApiProblem ? problem : new ApiProblem(0, String(problem), undefined));
      } finally {
        if (ticket === latest.current) setLoading(false);
      }
    },
    [path, shared],
  );
  const reload = useCallback(() => read(false), [read]);
  useEffect(() => {
    void read(true);
  }, [read]);
  return { data, error, loading, reload };
}

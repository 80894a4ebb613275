'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiProblem } from './api';

/** Reads an API resource, with loading and error states, and a way to read it again. */
export function useApi<T>(path: string | null) {
  const [data, setData] = useState<T | undefined>();
  const [error, setError] = useState<ApiProblem | undefined>();
  const [loading, setLoading] = useState(path !== null);
  // Reads overlap (a live event, another path): only the latest one may show, never an older one that answered last.
  const latest = useRef(0);
  const reload = useCallback(async () => {
    if (path === null) return;
    const read = ++latest.current;
    setLoading(true);
    try {
      const answer = await api<T>(path);
      if (read !== latest.current) return;
      setData(answer);
      setError(undefined);
    } catch (problem) {
      if (read === latest.current) setError(problem instanceof ApiProblem ? problem : new ApiProblem(0, String(problem), undefined));
    } finally {
      if (read === latest.current) setLoading(false);
    }
  }, [path]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { data, error, loading, reload };
}

'use client';

import { useCallback, useEffect, useState } from 'react';
import { api, ApiProblem } from './api';

/** Reads an API resource, with loading and error states, and a way to read it again. */
export function useApi<T>(path: string | null) {
  const [data, setData] = useState<T | undefined>();
  const [error, setError] = useState<ApiProblem | undefined>();
  const [loading, setLoading] = useState(path !== null);
  const reload = useCallback(async () => {
    if (path === null) return;
    setLoading(true);
    try {
      setData(await api<T>(path));
      setError(undefined);
    } catch (problem) {
      setError(problem instanceof ApiProblem ? problem : new ApiProblem(0, String(problem), undefined));
    } finally {
      setLoading(false);
    }
  }, [path]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { data, error, loading, reload };
}

'use client';

import { useCallback, useEffect, useState } from 'react';
import { api, ApiProblem } from './api';

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Reads a keyset-paged list: its first page, then the next ones on demand; reading again starts over. */
export function usePagedApi<T>(path: string | null) {
  const [items, setItems] = useState<T[] | undefined>();
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<ApiProblem | undefined>();
  const [loading, setLoading] = useState(path !== null);
  const read = useCallback(
    async (after: string | null) => {
      if (path === null) return;
      setLoading(true);
      try {
        const page = await api<Page<T>>(after ? `${path}${path.includes('?') ? '&' : '?'}cursor=${encodeURIComponent(after)}` : path);
        setItems((shown) => (after && shown ? [...shown, ...page.items] : page.items));
        setCursor(page.nextCursor);
        setError(undefined);
      } catch (problem) {
        setError(problem instanceof ApiProblem ? problem : new ApiProblem(0, String(problem), undefined));
      } finally {
        setLoading(false);
      }
    },
    [path],
  );
  const reload = useCallback(() => read(null), [read]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { data: items && { items }, error, loading, reload, more: cursor ? () => read(cursor) : undefined };
}

'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiProblem } from './api';

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * Reads a keyset-paged list: its first page, then the next ones on demand. Reading it again (after a
 * change, or a live event) reads as many rows as are shown, so pages already opened stay open.
 */
export function usePagedApi<T>(path: string | null) {
  const [items, setItems] = useState<T[] | undefined>();
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<ApiProblem | undefined>();
  const [loading, setLoading] = useState(path !== null);
  const shown = useRef(0);
  // Reads overlap (a live event, a new tab): only the latest one may show, never an older one that answered last.
  const latest = useRef(0);
  const pageAfter = useCallback((after: string | null) => api<Page<T>>(after ? `${path}${path!.includes('?') ? '&' : '?'}cursor=${encodeURIComponent(after)}` : path!), [path]);

  const settle = useCallback(async (work: () => Promise<{ rows: T[]; next: string | null }>) => {
    const read = ++latest.current;
    setLoading(true);
    try {
      const { rows, next } = await work();
      if (read !== latest.current) return;
      shown.current = rows.length;
      setItems(rows);
      setCursor(next);
      setError(undefined);
    } catch (problem) {
      if (read === latest.current) setError(problem instanceof ApiProblem ? problem : new ApiProblem(0, String(problem), undefined));
    } finally {
      if (read === latest.current) setLoading(false);
    }
  }, []);

  const reload = useCallback(async () => {
    if (path === null) return;
    await settle(async () => {
      let page = await pageAfter(null);
      const rows = [...page.items];
      while (page.nextCursor && rows.length < shown.current) {
        page = await pageAfter(page.nextCursor);
        rows.push(...page.items);
      }
      return { rows, next: page.nextCursor };
    });
  }, [path, pageAfter, settle]);

  useEffect(() => {
    shown.current = 0;
    void reload();
  }, [reload]);

  const more = useCallback(async () => {
    if (!cursor) return;
    await settle(async () => {
      const page = await pageAfter(cursor);
      return { rows: [...(items ?? []), ...page.items], next: page.nextCursor };
    });
  }, [cursor, items, pageAfter, settle]);

  return { data: items && { items }, error, loading, reload, more: cursor ? more : undefined };
}

'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from './api';
import { useLatestRead } from './use-latest-read';

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
  const { error, loading, settle: settleLatest } = useLatestRead(path !== null);
  const shown = useRef(0);
  const pageAfter = useCallback((after: string | null) => api<Page<T>>(after ? `${path}${path!.includes('?') ? '&' : '?'}cursor=${encodeURIComponent(after)}` : path!), [path]);

  const settle = useCallback(
    (work: () => Promise<{ rows: T[]; next: string | null }>) =>
      settleLatest(work, ({ rows, next }) => {
        shown.current = rows.length;
        setItems(rows);
        setCursor(next);
      }),
    [settleLatest],
  );

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

'use client';

import { useEffect, useRef } from 'react';

/** Server-sent events from the API; the browser reconnects by itself after a drop. */
export function useEventStream(path: string, onEvent: (type: string, data: unknown) => void, types: string[]): void {
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const typeList = types.join(',');
  useEffect(() => {
    const source = new EventSource(`/api${path}`);
    for (const type of typeList.split(',')) source.addEventListener(type, (event) => handler.current(type, JSON.parse((event as MessageEvent<string>).data)));
    return () => source.close();
  }, [path, typeList]);
}

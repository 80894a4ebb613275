'use client';

import { useEffect, useRef } from 'react';

/**
 * Server-sent events from the API. The browser reconnects by itself after a drop, unless the stream
 * ends by design (`endsWithServer`: a campaign's progress stops when the campaign does).
 */
export function useEventStream(path: string, onEvent: (type: string, data: unknown) => void, types: string[], endsWithServer = false): void {
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const typeList = types.join(',');
  useEffect(() => {
    const source = new EventSource(`/api${path}`);
    for (const type of typeList.split(',')) source.addEventListener(type, (event) => handler.current(type, JSON.parse((event as MessageEvent<string>).data)));
    if (endsWithServer) source.onerror = () => source.close();
    return () => source.close();
  }, [path, typeList, endsWithServer]);
}

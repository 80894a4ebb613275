'use client';

import { useEffect, useRef } from 'react';

interface StreamOptions {
  /** The stream ends by design (a campaign's progress stops when the campaign does): no reconnecting. */
  endsWithServer?: boolean;
  /** Called at every (re)connection: whatever happened before it was sent to nobody, so read it again. */
  onOpen?: () => void;
}

/** Server-sent events from the API. The browser reconnects by itself after a drop, unless the stream ends by design. */
export function useEventStream(path: string, onEvent: (type: string, data: unknown) => void, types: string[], options: StreamOptions = {}): void {
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const opened = useRef(options.onOpen);
  opened.current = options.onOpen;
  const typeList = types.join(',');
  const { endsWithServer = false } = options;
  useEffect(() => {
    const source = new EventSource(`/api${path}`);
    for (const type of typeList.split(',')) source.addEventListener(type, (event) => handler.current(type, JSON.parse((event as MessageEvent<string>).data)));
    source.onopen = () => opened.current?.();
    if (endsWithServer) source.onerror = () => source.close();
    return () => source.close();
  }, [path, typeList, endsWithServer]);
}

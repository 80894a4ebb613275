'use client';

import { useCallback, useRef, useState } from 'react';
import { ApiProblem } from './api';

/**
 * Loading and error states for reads that overlap (a live event, another path, a new tab): only the
 * latest read may show, never an older one that answered last. `settle(work, show)` runs a read and
 * hands its answer to `show` if it is still the latest.
 */
export function useLatestRead(initiallyLoading: boolean) {
  const [error, setError] = useState<ApiProblem | undefined>();
  const [loading, setLoading] = useState(initiallyLoading);
  const latest = useRef(0);
  const settle = useCallback(async <A>(work: () => Promise<A>, show: (answer: A) => void) => {
    const ticket = ++latest.current;
    setLoading(true);
    try {
      const answer = await work();
      if (ticket !== latest.current) return;
      show(answer);
      setError(undefined);
    } catch (problem) {
      if (ticket === latest.current) setError(problem instanceof ApiProblem ? problem : new ApiProblem(0, String(problem), undefined));
    } finally {
      if (ticket === latest.current) setLoading(false);
    }
  }, []);
  return { error, loading, settle };
}

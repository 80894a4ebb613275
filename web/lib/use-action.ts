'use client';

import { useState } from 'react';
import { ApiProblem } from './api';

/** Runs a change against the API and keeps its outcome: the problem to show, or a confirmation. */
export function useAction() {
  const [problem, setProblem] = useState<ApiProblem>();
  const [done, setDone] = useState<string>();
  async function run(work: () => Promise<unknown>, confirmation?: string): Promise<boolean> {
    try {
      await work();
      setProblem(undefined);
      setDone(confirmation);
      return true;
    } catch (error) {
      setDone(undefined);
      setProblem(error instanceof ApiProblem ? error : new ApiProblem(0, String(error), undefined));
      return false;
    }
  }
  return { problem, done, run };
}

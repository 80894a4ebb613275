'use client';

import type { ApiProblem } from '../lib/api';
import { ProblemMessage } from './states';

/** A form's outcome: a general problem (field problems show next to their fields) or a confirmation. */
export function Outcome({ problem, done }: { problem?: ApiProblem; done?: string }) {
  if (problem && problem.errors.length === 0) return <ProblemMessage problem={problem} />;
  if (!done) return null;
  return (
    <p role="status" className="notice">
      {done}
    </p>
  );
}

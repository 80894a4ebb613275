import { ApplicationFailure, TemporalFailure } from '@temporalio/common';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import { ZodError } from 'zod';
import { INVALID_DATA } from '../domain/activity-failure-types';
import { toStorableText } from '../domain/storable-text';

/**
 * Data PostgreSQL refuses is refused again on every retry: such an error ends the activity as a
 * non-retryable `InvalidData` failure instead of being retried until the workflow's bound.
 *
 * - SQLSTATE class 22 (data exception: NUL in text, a number out of range, a bad enum value) and the
 *   class-23 integrity failures that depend only on the row (not null, check): at once.
 * - Unique and foreign-key violations (23505, 23503; Prisma P2002, P2003): a concurrent insert of the
 *   same key, or a row whose transaction has not committed yet, passes on a retry; after
 *   `RACE_ATTEMPTS` attempts the violation is taken as the data's.
 * - Prisma's own refusals of a value (P2000 too long, P2005-P2007, P2011-P2013, P2019, P2020, P2023,
 *   PrismaClientValidationError) and zod validation errors: at once.
 */
export const RACE_ATTEMPTS = 3;

const RACY_SQLSTATES = new Set(['23505', '23503']);
const RACY_PRISMA_CODES = new Set(['P2002', 'P2003']);
const INVALID_PRISMA_CODES = new Set(['P2000', 'P2004', 'P2005', 'P2006', 'P2007', 'P2011', 'P2012', 'P2013', 'P2019', 'P2020', 'P2023']);
const MAX_REASON = 300;

interface Refusal {
  /** A SQLSTATE (`22021`) or Prisma code (`P2000`), or `zod` / `prisma-validation`. */
  code: string;
  reason: string;
  racy: boolean;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** PostgreSQL's own message, never Prisma's (which repeats the query's arguments), storable wherever it is recorded. */
function readable(message: unknown): string {
  return toStorableText(String(message ?? '')).slice(0, MAX_REASON);
}

/** The SQLSTATE behind a pg error, or behind Prisma's driver-adapter wrapping of one, wherever it sits. */
function sqlState(error: unknown, depth = 0): { code: string; message: string } | undefined {
  if (!isRecord(error) || depth > 4) return undefined;
  if (typeof error.originalCode === 'string') return { code: error.originalCode, message: readable(error.originalMessage) };
  if (typeof error.code === 'string' && /^[0-9A-Z]{5}$/.test(error.code) && typeof error.severity === 'string') return { code: error.code, message: readable(error.message) };
  const meta = isRecord(error.meta) ? error.meta : undefined;
  return sqlState(error.cause, depth + 1) ?? sqlState(meta?.driverAdapterError, depth + 1);
}

function refusalOf(error: unknown): Refusal | undefined {
  if (error instanceof ZodError) {
    const issues = error.issues.map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`).join('; ');
    return { code: 'zod', reason: readable(`Invalid data: ${issues}`), racy: false };
  }
  if (!(error instanceof Error)) return undefined;
  if (error.name === 'PrismaClientValidationError') return { code: 'prisma-validation', reason: 'Prisma refused the query arguments as invalid', racy: false };
  const state = sqlState(error);
  if (state && (state.code.startsWith('22') || state.code.startsWith('23'))) {
    return { code: state.code, reason: `PostgreSQL refused the data (${state.code}): ${state.message}`, racy: RACY_SQLSTATES.has(state.code) };
  }
  const prismaCode = error.name === 'PrismaClientKnownRequestError' && 'code' in error ? String(error.code) : undefined;
  if (prismaCode && (INVALID_PRISMA_CODES.has(prismaCode) || RACY_PRISMA_CODES.has(prismaCode))) {
    return { code: prismaCode, reason: `The database refused the data (${prismaCode})`, racy: RACY_PRISMA_CODES.has(prismaCode) };
  }
  return undefined;
}

/** The error an activity attempt ends with: an `InvalidData` non-retryable failure for refused data, else the error as it was. */
export function classifyActivityError(error: unknown, attempt: number): unknown {
  if (error instanceof TemporalFailure) return error;
  const refusal = refusalOf(error);
  if (!refusal || (refusal.racy && attempt < RACE_ATTEMPTS)) return error;
  return ApplicationFailure.create({ message: refusal.reason, type: INVALID_DATA, nonRetryable: true, details: [{ code: refusal.code }], cause: error instanceof Error ? error : undefined });
}

/** Classifies what every activity (local ones too) throws, so no workflow has to list these error types. */
export const invalidDataInterceptor: ActivityInterceptorsFactory = (context) => ({
  inbound: {
    async execute(input, next) {
      try {
        return await next(input);
      } catch (error) {
        throw classifyActivityError(error, context.info.attempt);
      }
    },
  },
});

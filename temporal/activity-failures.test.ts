import { ApplicationFailure } from '@temporalio/common';
import { z } from 'zod';
import { INVALID_DATA } from '../domain/activity-failure-types';
import { Prisma } from '../prisma/generated/client';
import { classifyActivityError, RACE_ATTEMPTS } from './activity-failures';

const pgError = (code: string, message: string) => Object.assign(new Error(message), { code, severity: 'ERROR' });
const adapterError = (prismaCode: string, originalCode: string, originalMessage: string) =>
  new Prisma.PrismaClientKnownRequestError('Invalid `prisma.lead.create()` invocation: {"name":"secret"}', {
    code: prismaCode,
    clientVersion: '6.19.3',
    meta: { driverAdapterError: { name: 'DriverAdapterError', cause: { originalCode, originalMessage, kind: 'postgres' } } },
  });

function invalidData(classified: unknown): ApplicationFailure {
  expect(classified).toBeInstanceOf(ApplicationFailure);
  const failure = classified as ApplicationFailure;
  expect(failure).toMatchObject({ type: INVALID_DATA, nonRetryable: true });
  return failure;
}

describe('classifyActivityError', () => {
  it('ends an attempt on a value PostgreSQL rejects (class 22) at once, with PostgreSQL’s message and never the query', () => {
    const failure = invalidData(classifyActivityError(pgError('22021', 'invalid byte sequence for encoding "UTF8": 0x00'), 1));
    expect(failure.message).toContain('22021');
    // What Prisma 6 with the pg driver adapter throws for a SQLSTATE it has no P-code for.
    const raw = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { name: 'DriverAdapterError', cause: { kind: 'postgres', originalCode: '22021', originalMessage: 'invalid byte sequence for encoding "UTF8": 0x00' } });
    expect(invalidData(classifyActivityError(raw, 1)).message).toContain('22021');
    const wrapped = invalidData(classifyActivityError(adapterError('P2010', '22P05', 'unsupported Unicode escape \u0000 sequence'), 1));
    expect(wrapped.message).not.toContain('secret');
    expect(wrapped.message).not.toContain('\u0000');
  });

  it('ends an attempt on row-bound integrity failures (not null, check) at once', () => {
    invalidData(classifyActivityError(pgError('23502', 'null value in column "phone"'), 1));
    invalidData(classifyActivityError(pgError('23514', 'new row violates check constraint'), 1));
  });

  it('gives unique and foreign-key violations a few attempts (a race or an uncommitted row), then ends them', () => {
    const unique = adapterError('P2002', '23505', 'duplicate key value violates unique constraint');
    expect(classifyActivityError(unique, 1)).toBe(unique);
    invalidData(classifyActivityError(unique, RACE_ATTEMPTS));
    const foreignKey = new Prisma.PrismaClientKnownRequestError('fk', { code: 'P2003', clientVersion: '6.19.3' });
    expect(classifyActivityError(foreignKey, RACE_ATTEMPTS - 1)).toBe(foreignKey);
    invalidData(classifyActivityError(foreignKey, RACE_ATTEMPTS));
  });

  it('ends an attempt on Prisma’s own refusals of a value and on zod validation errors', () => {
    invalidData(classifyActivityError(new Prisma.PrismaClientKnownRequestError('too long', { code: 'P2000', clientVersion: '6.19.3' }), 1));
    invalidData(classifyActivityError(new Prisma.PrismaClientValidationError('Argument `phone` is missing.', { clientVersion: '6.19.3' }), 1));
    const parsed = z.object({ phone: z.string() }).safeParse({ phone: 1 });
    expect(invalidData(classifyActivityError(parsed.error, 1)).message).toContain('phone');
  });

  it('leaves transient errors and failures an activity chose itself as they were', () => {
    for (const error of [pgError('40001', 'could not serialize access'), pgError('57P01', 'terminating connection'), new Error('ECONNRESET'), new Prisma.PrismaClientKnownRequestError('not found', { code: 'P2025', clientVersion: '6.19.3' })]) {
      expect(classifyActivityError(error, 5)).toBe(error);
    }
    const chosen = ApplicationFailure.retryable('waiting for the commit', 'VisitNotVisible');
    expect(classifyActivityError(chosen, 5)).toBe(chosen);
  });
});

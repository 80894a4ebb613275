import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ZodError } from 'zod';
import type { Logger } from '../../domain/logger';
import { Prisma } from '../../prisma/generated/client';
import { AppError, ERROR_STATUS, type FieldError } from '../../domain/app-error';
import { localizeProblem, problemLocale } from './problem-locale';
import { fromTemporalTimeout } from '../../temporal/call-deadlines';

export function zodFieldErrors(error: ZodError): FieldError[] {
  return error.issues.flatMap((issue): FieldError[] => {
    const at = (path: PropertyKey[]) => path.map(String).join('.') || '(root)';
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: at([...issue.path, key]), message: 'is not a known field', code: issue.code }));
    }
    return [{ path: at(issue.path), message: issue.message, code: issue.code }];
  });
}

/** Errors raised by express.json() carry a `type`; map them to client errors. */
function fromBodyParser(error: { type?: string; status?: number }): AppError | undefined {
  switch (error.type) {
    case 'entity.parse.failed':
      return new AppError('malformed_json', 'The body could not be parsed as JSON');
    case 'entity.too.large':
      return new AppError('payload_too_large', 'The body exceeds the size limit');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new AppError('unsupported_media_type', 'The body encoding is not supported');
    default:
      return error.status && error.status >= 400 && error.status < 500
        ? new AppError('validation_failed', 'The request could not be read')
        : undefined;
  }
}

type UniqueMeta = { target?: unknown; modelName?: string; driverAdapterError?: { cause?: { constraint?: { fields?: unknown; index?: string } } } };

/** The fields of a violated unique constraint, from Prisma's meta or the index name (`User_tenantId_email_key`). */
function uniqueFields(error: Prisma.PrismaClientKnownRequestError): string[] {
  const meta = error.meta as UniqueMeta | undefined;
  const constraint = meta?.driverAdapterError?.cause?.constraint;
  const fromIndex = constraint?.index?.replace(new RegExp(`^${meta?.modelName ?? '[^_]+'}_`), '').replace(/_key$/, '').split('_');
  const fields = meta?.target ?? constraint?.fields ?? fromIndex;
  return (Array.isArray(fields) ? fields.map(String) : []).filter((field) => field !== 'tenantId');
}

/** Database constraint violations that reach the edge are the client's conflict, never a 500. */
function fromPrisma(error: Prisma.PrismaClientKnownRequestError): AppError | undefined {
  switch (error.code) {
    case 'P2002': {
      const fields = uniqueFields(error);
      return new AppError('conflict', `Another record already has this ${fields.join(', ') || 'value'}`, {
        es: `Ya hay otro registro con el mismo ${fields.join(', ') || 'valor'}`,
        fields: fields.map((path) => ({ path, message: 'is already in use', code: 'unique' })),
      });
    }
    case 'P2003':
      return new AppError('conflict', 'The record is referenced by, or refers to, a record that does not allow this change', { es: 'El registro está vinculado a otro que no permite este cambio' });
    case 'P2025':
      return new AppError('not_found', 'The record does not exist', { es: 'El registro no existe' });
    default:
      return undefined;
  }
}

export function toAppError(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error;
  if (error instanceof Prisma.PrismaClientKnownRequestError) return fromPrisma(error);
  if (error instanceof ZodError) {
    return new AppError('validation_failed', 'Some fields are not valid', { es: 'Algunos campos no son válidos', fields: zodFieldErrors(error) });
  }
  const temporalTimeout = fromTemporalTimeout(error);
  if (temporalTimeout) return temporalTimeout;
  if (error && typeof error === 'object' && 'type' in error) return fromBodyParser(error as { type?: string });
  if (error instanceof URIError) return new AppError('validation_failed', 'The URL is not validly percent-encoded', { es: 'La URL no está bien codificada' });
  return undefined;
}

export function problemHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const appError = toAppError(error);
    if (!appError) {
      logger.error('unhandled error', { path: req.path, method: req.method, error: error instanceof Error ? error.stack : String(error) });
    }
    const problem = appError ?? new AppError('internal', 'An unexpected error occurred; it has been logged');
    const { status } = ERROR_STATUS[problem.code];
    const { title, detail, fields } = localizeProblem(problemLocale(req), { code: problem.code, title: ERROR_STATUS[problem.code].title, detail: problem.detail, es: problem.extra.es, fields: problem.extra.fields });
    if (problem.extra.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(problem.extra.retryAfterSeconds));
    res
      .status(status)
      .type('application/problem+json')
      .send(
        JSON.stringify({
          type: `https://astor.dev/problems/${problem.code.replace(/_/g, '-')}`,
          title,
          status,
          detail,
          code: problem.code,
          instance: req.originalUrl,
          ...(req.requestId ? { requestId: req.requestId } : {}),
          ...(fields ? { errors: fields } : {}),
          ...(problem.extra.data ?? {}),
        }),
      );
  };
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new AppError('not_found', `No route for ${req.method} ${req.path}`));
};

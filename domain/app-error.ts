export type ErrorCode =
  | 'validation_failed'
  | 'malformed_json'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'unprocessable'
  | 'service_window_closed'
  | 'rate_limited'
  | 'unavailable'
  | 'internal';

export const ERROR_STATUS: Record<ErrorCode, { status: number; title: string }> = {
  validation_failed: { status: 400, title: 'The request is not valid' },
  malformed_json: { status: 400, title: 'The request body is not valid JSON' },
  unauthenticated: { status: 401, title: 'Authentication required' },
  forbidden: { status: 403, title: 'Not allowed' },
  not_found: { status: 404, title: 'Not found' },
  conflict: { status: 409, title: 'Conflict with the current state' },
  payload_too_large: { status: 413, title: 'The request body is too large' },
  unsupported_media_type: { status: 415, title: 'Unsupported content type' },
  unprocessable: { status: 422, title: 'The request cannot be processed' },
  service_window_closed: { status: 422, title: 'Only an approved WhatsApp template may be sent now' },
  rate_limited: { status: 429, title: 'Too many requests' },
  unavailable: { status: 503, title: 'Service unavailable' },
  internal: { status: 500, title: 'Internal error' },
};

export interface FieldError {
  path: string;
  message: string;
  code: string;
}

/** The one error type handlers throw; the problem middleware turns it into application/problem+json. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    /** `es`: the detail in Spanish, for clients that ask for it (see problem-locale). */
    readonly extra: { fields?: FieldError[]; retryAfterSeconds?: number; data?: Record<string, unknown>; es?: string } = {},
  ) {
    super(detail);
    this.name = 'AppError';
  }

  get status(): number {
    return ERROR_STATUS[this.code].status;
  }
}

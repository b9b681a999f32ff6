/**
 * The one error type of the service. Thrown anywhere, rendered once by the HTTP layer as
 * `{"error": {"code", "message", "details"?, "suggestions"?}}` with `status`.
 */

export type ErrorCode =
  | 'BAD_REQUEST'
  | 'INVALID_JSON'
  | 'INVALID_UTF8'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'PAYLOAD_TOO_LARGE'
  | 'TOO_MANY_RECORDS'
  | 'TOO_DEEP'
  | 'TOO_WIDE'
  | 'FORBIDDEN_KEY'
  | 'NUL_BYTE'
  | 'STRING_TOO_LONG'
  | 'INVALID_RECORD'
  | 'VALIDATION_FAILED'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'CONFLICT'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'UNPARSEABLE_QUERY'
  | 'TOO_MANY_GROUPS'
  | 'TOO_MANY_STORES'
  | 'WRITE_REFUSED'
  | 'RATE_LIMITED'
  | 'QUERY_TIMEOUT'
  | 'UNAVAILABLE'
  | 'INTERNAL';

/**
 * The response header that names an error's code, on every error a region or the edge answers: the
 * edge tells a region that cannot serve (`UNAVAILABLE`) from a question that ran too long
 * (`QUERY_TIMEOUT`) without reading the body.
 */
export const ERROR_CODE_HEADER = 'x-smartdb-error';

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown; suggestions?: string[] };
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details?: unknown;
  readonly suggestions?: string[];

  constructor(
    status: number,
    code: ErrorCode,
    message: string,
    /** `cause`: what went wrong underneath, kept for the server's log, never sent to the caller. */
    extra: { details?: unknown; suggestions?: string[]; cause?: unknown } = {},
  ) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.name = 'AppError';
    this.status = status;
    this.code = code;
    if (extra.details !== undefined) this.details = extra.details;
    if (extra.suggestions !== undefined) this.suggestions = extra.suggestions;
  }

  /** The same error with other suggestions (the question's own readings before the tenant's examples). */
  withSuggestions(suggestions: string[]): AppError {
    return new AppError(this.status, this.code, this.message, {
      details: this.details,
      suggestions,
      cause: this.cause,
    });
  }

  toBody(): ErrorBody {
    const error: ErrorBody['error'] = { code: this.code, message: this.message };
    if (this.details !== undefined) error.details = this.details;
    if (this.suggestions !== undefined) error.suggestions = this.suggestions;
    return { error };
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;

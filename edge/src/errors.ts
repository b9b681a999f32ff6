// The edge's own errors, rendered in the service's one error shape
// `{"error": {"code", "message", "details"?}}` (core's AppError has no edge codes such as
// NO_HEALTHY_REGION; core errors raised inside the edge, e.g. an oversize body, render through
// AppError). Region errors pass through untouched; this module must never wrap or rewrite them.

export type EdgeErrorCode = 'NO_HEALTHY_REGION' | 'RATE_LIMITED' | 'INTERNAL';

export class EdgeError extends Error {
  readonly status: 429 | 500 | 503;
  readonly code: EdgeErrorCode;
  readonly details?: unknown;
  readonly headers: Record<string, string>;

  constructor(
    status: EdgeError['status'],
    code: EdgeErrorCode,
    message: string,
    extra: { details?: unknown; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = 'EdgeError';
    this.status = status;
    this.code = code;
    if (extra.details !== undefined) this.details = extra.details;
    this.headers = extra.headers ?? {};
  }

  toBody(): { error: { code: EdgeErrorCode; message: string; details?: unknown } } {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.details === undefined ? {} : { details: this.details }),
      },
    };
  }
}

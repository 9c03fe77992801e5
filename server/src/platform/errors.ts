// One error type with stable snake_case codes; the HTTP layer maps it once (platform/http/error-handler.ts).
export type ErrorCode =
  | 'validation_failed' | 'invalid_json' | 'invalid_id' | 'invalid_cursor' | 'not_found' | 'route_not_found'
  | 'item_not_found' | 'item_already_exists' | 'invalid_status_transition' | 'unauthorized' | 'forbidden'
  | 'payload_too_large' | 'unsupported_media_type' | 'unprocessable' | 'rate_limited' | 'conflict'
  | 'job_not_found' | 'internal_error' | (string & {});

export class AppError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: ErrorCode,
    message: string,
    public readonly details?: unknown,
    public readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (code: ErrorCode, message: string, details?: unknown) => new AppError(404, code, message, details);
export const badRequest = (code: ErrorCode, message: string, details?: unknown) => new AppError(400, code, message, details);
export const conflict = (code: ErrorCode, message: string, details?: unknown) => new AppError(409, code, message, details);

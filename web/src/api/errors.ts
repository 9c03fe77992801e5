// What the API's error shape becomes in the app: a thrown ApiError carrying the stable code.
export interface ApiErrorBody {
  error?: { code?: string; message?: string; details?: unknown; request_id?: string };
}

export class ApiError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
    public readonly details?: unknown,
    public readonly requestId?: string,
    public readonly retryAfter?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  static from(status: number, body: unknown, headers?: Headers): ApiError {
    const e = (body as ApiErrorBody | undefined)?.error;
    const retry = Number(headers?.get('retry-after'));
    return new ApiError(
      status,
      e?.code ?? (status === 0 ? 'network_error' : `http_${status}`),
      e?.message ?? `HTTP ${status}`,
      e?.details,
      e?.request_id ?? headers?.get('x-request-id') ?? undefined,
      Number.isFinite(retry) && retry > 0 ? retry : undefined,
    );
  }
}

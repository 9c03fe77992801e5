import { useQuery } from '@tanstack/react-query';
import { api, type Paths, unwrap } from '../../api/client.ts';
import { ApiError } from '../../api/errors.ts';

export type FlowResult = NonNullable<Paths['/vinted/listings/prepare']['post']['responses']['200']['content']['application/json']>;

interface Raw {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/**
 * The connector answers its outcomes (not ready, needs_manual) in one shape even on a 4xx; those are results to
 * show, not failures. Anything else in the common error shape is thrown as an ApiError.
 */
export async function flow(call: Promise<Raw>): Promise<FlowResult> {
  let r: Raw;
  try {
    r = await call;
  } catch (e) {
    throw new ApiError(0, 'network_error', e instanceof Error ? e.message : String(e));
  }
  const body = (r.data ?? r.error) as Partial<FlowResult> & { error?: unknown } | undefined;
  // A refusal the seller acts on (not_ready) carries `ok` beside the error shape: shown as a result too.
  if (body && typeof body === 'object' && 'ok' in body) return body as FlowResult;
  throw ApiError.from(r.response.status, r.error, r.response.headers);
}

export function useVintedStatus() {
  return useQuery({ queryKey: ['vinted', 'status'], queryFn: ({ signal }) => unwrap(api.GET('/vinted/status', { signal })), retry: false });
}

export function useVintedSettings() {
  return useQuery({ queryKey: ['vinted', 'settings'], queryFn: ({ signal }) => unwrap(api.GET('/vinted/settings', { signal })), retry: false });
}

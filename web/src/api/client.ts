import createClient, { type Middleware } from 'openapi-fetch';
import { authHeaders, noteUnauthorized } from '../lib/auth-session.ts';
import { API_BASE } from './base.ts';
import { ApiError } from './errors.ts';
import type { components, paths } from './schema';

export type Schemas = components['schemas'];
export type Paths = paths;

export { API_BASE };

/** An absolute URL for a path the API hands out (photo URLs, downloads). */
export function apiUrl(path: string): string {
  if (/^https?:\/\//.test(path)) return path;
  return `${location.origin}${API_BASE}${path.startsWith('/') ? '' : '/'}${path}`;
}

const auth: Middleware = {
  onRequest({ request }) {
    for (const [k, v] of Object.entries(authHeaders())) request.headers.set(k, v);
    return request;
  },
  async onResponse({ response }) {
    await noteUnauthorized(response);
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: `${location.origin}${API_BASE}` });
api.use(auth);

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** Resolves an openapi-fetch call to its data, or throws an ApiError carrying the API's stable code. */
export async function unwrap<T>(call: Promise<FetchResult<T>>): Promise<T> {
  let res: FetchResult<T>;
  try {
    res = await call;
  } catch (e) {
    throw new ApiError(0, 'network_error', e instanceof Error ? e.message : String(e));
  }
  if (res.error !== undefined || !res.response.ok) throw ApiError.from(res.response.status, res.error, res.response.headers);
  return res.data as T;
}

/** A raw fetch to the API with the session (multipart uploads, downloads, routes the spec types as streams). */
export async function apiFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  for (const [k, v] of Object.entries(authHeaders())) headers.set(k, v);
  let res: Response;
  try {
    res = await fetch(apiUrl(path), { ...init, headers });
  } catch (e) {
    throw new ApiError(0, 'network_error', e instanceof Error ? e.message : String(e));
  }
  await noteUnauthorized(res);
  if (!res.ok) {
    const body = await res.json().catch(() => undefined);
    throw ApiError.from(res.status, body, res.headers);
  }
  return res;
}

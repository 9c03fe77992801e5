import { apiUrl } from '../api/client.ts';
import { ApiError } from '../api/errors.ts';
import { authHeaders, noteUnauthorized } from './auth-session.ts';

/**
 * A multipart POST with upload progress (fetch reports none, and a phone on a slow line needs to see it moving).
 * Resolves to the parsed JSON answer; an error answer becomes an ApiError with the API's code.
 */
export function uploadWithProgress<T>(path: string, form: FormData, onProgress?: (percent: number) => void, signal?: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', apiUrl(path));
    for (const [k, v] of Object.entries(authHeaders())) xhr.setRequestHeader(k, v);
    xhr.responseType = 'text';
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress?.(Math.round((e.loaded / e.total) * 100));
    };
    xhr.onload = () => {
      let body: unknown;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        body = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(body as T);
      const headers = new Headers();
      for (const h of ['retry-after', 'x-request-id']) {
        const v = xhr.getResponseHeader(h);
        if (v) headers.set(h, v);
      }
      if (xhr.status === 401) void noteUnauthorized(new Response(xhr.responseText, { status: 401 }));
      reject(ApiError.from(xhr.status, body, headers));
    };
    xhr.onerror = () => reject(new ApiError(0, 'network_error', 'network error'));
    xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort());
    xhr.send(form);
  });
}

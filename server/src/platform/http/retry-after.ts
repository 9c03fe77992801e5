// Reading how long a server asks us to wait before the next request (429, 503): the standard Retry-After header
// (delay-seconds or an HTTP date, RFC 9110 §10.2.3), and the millisecond variant some API providers add.

/**
 * Seconds a Retry-After value asks to wait; undefined when absent or unreadable (a date in the past is 0).
 * Fractional seconds, which some providers send, are read as they are.
 */
export function parseRetryAfter(v: string | null | undefined, now = Date.now()): number | undefined {
  if (!v) return undefined;
  const s = v.trim();
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s);
  const at = Date.parse(s);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

/**
 * Milliseconds the response headers ask to wait: `retry-after-ms` when present (OpenAI- and Anthropic-style APIs),
 * else Retry-After; capped at `maxMs`. Header names are matched in any case.
 */
export function retryAfterMs(headers: Record<string, string | undefined> | undefined, maxMs = Infinity, now = Date.now()): number | undefined {
  if (!headers) return undefined;
  const lower = new Map(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  const ms = lower.get('retry-after-ms')?.trim();
  if (ms && Number.isFinite(+ms)) return Math.min(Math.max(0, +ms), maxMs);
  const s = parseRetryAfter(lower.get('retry-after'), now);
  return s === undefined ? undefined : Math.min(s * 1000, maxMs);
}

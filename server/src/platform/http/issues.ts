// Validation problems in one shape for every answer: the field's path, a stable code and the parameters the web
// app words it with in the seller's language ({"path": "price", "code": "invalid_type", "params": {"expected":
// "number", "received": "null"}}), plus zod's English message for logs and developers.

export interface Issue {
  path: string;
  /** zod's issue code (invalid_type, too_small, too_big, invalid_value, unrecognized_keys, not_multiple_of, invalid_format…) or ours (unknown_colour…). */
  code: string;
  message: string;
  params: Record<string, unknown>;
}

/** What a zod issue carries beside its code, path and message (the input is the seller's, not echoed). */
const NOT_PARAMS = new Set(['path', 'message', 'code', 'input', 'inst', 'params', 'errors', 'issues', 'continue', 'fatal', 'note']);

const isRecord = (x: unknown): x is Record<string, unknown> => !!x && typeof x === 'object' && !Array.isArray(x);

/** A value safe and small enough to send back as a parameter. */
function param(v: unknown): unknown {
  if (v === null || ['string', 'number', 'boolean'].includes(typeof v)) return typeof v === 'string' ? v.slice(0, 200) : v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof RegExp) return v.source;
  if (Array.isArray(v) && v.length <= 50 && v.every((x) => x === null || ['string', 'number', 'boolean'].includes(typeof x))) return v;
  return undefined;
}

/** The scalar parameters of an object (a zod issue's extra fields, an error's details). */
export function paramsOf(o: Record<string, unknown>, skip: ReadonlySet<string> = NOT_PARAMS): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (skip.has(k)) continue;
    const p = param(v);
    if (p !== undefined) out[k] = p;
  }
  return out;
}

/**
 * One zod issue (or fastify-type-provider-zod's copy of it: `keyword`, `instancePath`, the rest in `params`) in our
 * shape. A custom issue carrying `params.code` (our vocabulary checks) takes that code and its parameters.
 */
export function describeIssue(i: Record<string, unknown>): Issue {
  const path = typeof i.instancePath === 'string'
    ? i.instancePath.replace(/^\//, '').replace(/\//g, '.')
    : Array.isArray(i.path) ? i.path.map(String).join('.') : String(i.path ?? '');
  const message = String(i.message ?? '');
  const extra = isRecord(i.params) ? i.params : {};
  // fastify-type-provider-zod keeps the issue's fields in `params`, and a custom issue's own params one level down.
  const custom = isRecord(extra.params) ? extra.params : extra;
  let code = String(i.keyword ?? i.code ?? 'invalid');
  let params = { ...paramsOf(i), ...paramsOf(extra) };
  if (code === 'custom' && typeof custom.code === 'string') {
    code = custom.code;
    params = { ...paramsOf(custom, new Set(['code'])), ...(isRecord(custom.params) ? paramsOf(custom.params) : {}) };
  }
  if (code === 'invalid_type' && params.received === undefined) {
    const received = /received (\w+)/.exec(message)?.[1];
    if (received) params.received = received;
  }
  return { path, code, message, params };
}

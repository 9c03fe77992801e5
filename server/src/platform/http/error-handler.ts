import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError } from '../errors.ts';
import { describeIssue, paramsOf } from './issues.ts';

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown; request_id?: string };
}

// Fastify's own error codes, mapped once to our stable codes.
const FASTIFY_CODES: Record<string, { status: number; code: string; message?: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'payload_too_large', message: 'The request body is larger than allowed' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'unsupported_media_type' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'invalid_json', message: 'The JSON body is empty' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'invalid_body' },
  FST_REQ_FILE_TOO_LARGE: { status: 413, code: 'file_too_large', message: 'A file is larger than allowed' },
  FST_FILES_LIMIT: { status: 413, code: 'too_many_files' },
  FST_PARTS_LIMIT: { status: 413, code: 'too_many_parts' },
  FST_FIELDS_LIMIT: { status: 413, code: 'too_many_fields', message: 'The form holds more fields than allowed' },
  // Through `frameworkErrors` (answerError): the router refuses these before any route or hook runs.
  FST_ERR_BAD_URL: { status: 400, code: 'bad_url', message: 'The address is not valid (a broken % escape)' },
  FST_ERR_MAX_PARAM_LENGTH: { status: 414, code: 'url_too_long', message: 'A part of the address is longer than allowed' },
  FST_INVALID_MULTIPART_CONTENT_TYPE: { status: 415, code: 'unsupported_media_type', message: 'Expected multipart/form-data' },
};

export interface ErrorHandlingOptions {
  /**
   * An unknown address asked for by a browser (a page, not data): answers it (the web app's own not-found page)
   * and returns true, or returns false and the JSON 404 goes out as for any API client.
   */
  notFoundPage?(req: FastifyRequest, reply: FastifyReply): boolean;
}

// The multipart parser (busboy, under @fastify/multipart) reports a malformed body with plain Errors, no code: the
// stream ended inside a part, a part header is broken, the boundary never comes. That is the client's body, not our
// fault: a 400 the seller's app can word, never a 500 logged as a bug.
const MALFORMED_MULTIPART = /^(Unexpected end of multipart data|Part terminated early due to unexpected end of multipart data|Malformed part header|Multipart: Boundary not found)/;

export function installErrorHandling(app: FastifyInstance, opts: ErrorHandlingOptions = {}) {
  app.setErrorHandler(answerError);
  installNotFound(app, opts);
}

/**
 * Every error answered in the common shape with a stable code: the app's error handler, and Fastify's
 * `frameworkErrors` (a broken URL, an over-long parameter) which the router raises before any route runs.
 */
export function answerError(thrown: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  // A handler may throw anything (a string, undefined): it is still logged and answered in the common shape.
  // Objects pass as they are (the rate limiter throws a plain { statusCode: 429 } object).
  const err = (thrown !== null && typeof thrown === 'object' ? thrown : new Error(`non-error thrown: ${String(thrown)}`)) as FastifyError;
  const send = (status: number, code: string, message: string, details?: unknown, headers?: Record<string, string>) => {
    if (headers) for (const [k, v] of Object.entries(headers)) reply.header(k, v);
    // A router refusal (frameworkErrors) comes before the hooks that set these on every other answer.
    if (!reply.hasHeader('x-request-id')) reply.header('x-request-id', req.id).header('x-content-type-options', 'nosniff');
    const body: ErrorBody = { error: { code, message, request_id: req.id } };
    const d = withParams(details);
    if (d !== undefined) body.error.details = d;
    return reply.code(status).type('application/json').send(body);
  };
  if (err instanceof AppError) {
    // A server-side refusal (owner_scope_missing: a query that would have run unscoped) is a bug to see in the log.
    if (err.status === 500) req.log.error({ err }, 'request refused by the server');
    return send(err.status, err.code, err.message, err.details, err.headers);
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    // Each issue with its field, a code and parameters (invalid_type {expected: "number"}…): the app words them.
    const issues = err.validation.map((v) => describeIssue(v as unknown as Record<string, unknown>));
    const where = err.validationContext ?? 'request';
    return send(400, 'validation_failed', `Invalid ${where}: ${issues.map((i) => `${i.path || '(root)'} ${i.message}`).join('; ')}`, { issues, params: { where, count: issues.length } });
  }
  if (isResponseSerializationError(err)) {
    req.log.error({ err, issues: err.cause.issues }, 'response does not match its schema');
    return send(500, 'internal_error', 'Internal server error');
  }
  const mapped = err.code ? FASTIFY_CODES[err.code] : undefined;
  if (mapped) return send(mapped.status, mapped.code, mapped.message ?? err.message);
  if (!err.code && typeof err.message === 'string' && MALFORMED_MULTIPART.test(err.message)) {
    return send(400, 'malformed_multipart', `The multipart body is malformed: ${err.message}`);
  }
  if (err.statusCode === 429) {
    const retry = Number(reply.getHeader('retry-after'));
    return send(429, 'rate_limited', 'Too many requests: slow down and retry after the delay in Retry-After', { params: Number.isFinite(retry) ? { retry_after: retry } : {} });
  }
  if (err instanceof SyntaxError || err.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
    return send(400, 'invalid_json', 'The body is not valid JSON');
  }
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
    return send(err.statusCode, 'bad_request', err.message);
  }
  // 5xx: the message may hold internals (paths, SQL); the seller gets the request id to quote instead.
  req.log.error({ err }, 'unhandled error');
  return send(500, 'internal_error', 'Internal server error');
}

/**
 * A connection-level refusal, before there is a request to answer (headers too large, a client too slow to send
 * them, bytes that are not HTTP): Fastify's `clientErrorHandler`. Written on the socket in the common error shape,
 * then the socket is closed, as Node does.
 */
export function answerClientError(err: NodeJS.ErrnoException, socket: Duplex) {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, message] = err.code === 'HPE_HEADER_OVERFLOW' ? [431, 'headers_too_large', 'The request headers are larger than allowed']
    : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? [408, 'request_timeout', 'The request took too long to arrive']
      : [400, 'bad_request', 'The request is not valid HTTP'];
  const body = JSON.stringify({ error: { code, message, details: { params: {} } } });
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  }
  socket.destroy();
}

function installNotFound(app: FastifyInstance, opts: ErrorHandlingOptions) {
  app.setNotFoundHandler((req, reply) => {
    if ((req.method === 'GET' || req.method === 'HEAD') && opts.notFoundPage?.(req, reply)) return;
    const path = req.url.split('?')[0];
    reply.code(404).send({ error: { code: 'route_not_found', message: `No route for ${req.method} ${path}`, details: { params: { method: req.method, path: path.slice(0, 200) } }, request_id: req.id } });
  });
}

const isRecord = (x: unknown): x is Record<string, unknown> => !!x && typeof x === 'object' && !Array.isArray(x);

/**
 * Every error carries `details.params`: the values its code is worded with in the seller's language (an id, a
 * field, a limit). An error's own scalar details are its parameters unless it names them; other details stay.
 */
function withParams(details: unknown): unknown {
  if (details === undefined) return { params: {} };
  if (!isRecord(details)) return details;
  if (isRecord(details.params)) return details;
  return { ...details, params: paramsOf(details, new Set(['issues', 'params'])) };
}

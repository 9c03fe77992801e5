import http from 'node:http';
import type { AddressInfo } from 'node:net';

// A stand-in for an LLM provider, as a real HTTP server on 127.0.0.1: OpenAI-compatible chat completions
// (POST /v1/chat/completions) and Anthropic messages (POST /v1/messages). Each request takes the next
// scripted behaviour (the last one repeats), so a test can play "429 then a good reply" or "always time out".

export type FakeBehaviour =
  | { kind: 'good'; reply: unknown; usage?: { input: number; output: number } }
  | { kind: 'malformed' }
  | { kind: 'schema_mismatch'; reply?: unknown }
  | { kind: 'status'; status: number; retryAfter?: string }
  | { kind: 'timeout' }; // accepts the request and never answers

export interface RecordedRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Record<string, unknown>;
}

export interface FakeLlmServer {
  /** Base URL to give as LLM_BASE_URL, e.g. http://127.0.0.1:40123/v1 */
  baseUrl: string;
  requests: RecordedRequest[];
  /** Replaces the script; the last behaviour repeats once the others are used. */
  script(...behaviours: FakeBehaviour[]): void;
  close(): Promise<void>;
}

export async function startFakeLlmServer(): Promise<FakeLlmServer> {
  let script: FakeBehaviour[] = [{ kind: 'malformed' }];
  let served = 0;
  const requests: RecordedRequest[] = [];
  const hanging = new Set<http.ServerResponse>();

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        /* recorded as an empty body */
      }
      const path = (req.url ?? '').split('?')[0];
      requests.push({ path, headers: req.headers, body });
      const b = script[Math.min(served++, script.length - 1)];
      if (path.endsWith('/chat/completions')) return answerOpenAI(b, body, res, hanging);
      if (path.endsWith('/messages')) return answerAnthropic(b, body, res, hanging);
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'no such route' } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    script(...b) {
      script = b;
      served = 0;
    },
    async close() {
      for (const r of hanging) r.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const MISMATCH = { category: 'spaceship', brand: 42, size: null, colors: 'blue' };

function content(b: FakeBehaviour): string | null {
  if (b.kind === 'good') return JSON.stringify(b.reply);
  if (b.kind === 'malformed') return '{"category": "jumper", "brand": "Ralph Lau';
  if (b.kind === 'schema_mismatch') return JSON.stringify(b.reply ?? MISMATCH);
  return null;
}

function failOrHang(b: FakeBehaviour, res: http.ServerResponse, hanging: Set<http.ServerResponse>, errorBody: unknown): boolean {
  if (b.kind === 'timeout') {
    hanging.add(res);
    res.on('close', () => hanging.delete(res));
    return true;
  }
  if (b.kind === 'status') {
    res.writeHead(b.status, { 'content-type': 'application/json', ...(b.retryAfter !== undefined ? { 'retry-after': b.retryAfter } : {}) });
    res.end(JSON.stringify(errorBody));
    return true;
  }
  return false;
}

function answerOpenAI(b: FakeBehaviour, body: Record<string, unknown>, res: http.ServerResponse, hanging: Set<http.ServerResponse>) {
  const status = b.kind === 'status' ? b.status : 0;
  if (failOrHang(b, res, hanging, { error: { message: status === 429 ? 'Rate limit reached' : 'Server error', type: 'fake', code: status === 429 ? 'rate_limit_exceeded' : null } })) return;
  const usage = b.kind === 'good' && b.usage ? b.usage : { input: 812, output: 95 };
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({
    id: 'chatcmpl-fake', object: 'chat.completion', created: 1_700_000_000, model: body.model ?? 'fake',
    choices: [{ index: 0, message: { role: 'assistant', content: content(b) }, finish_reason: 'stop' }],
    usage: { prompt_tokens: usage.input, completion_tokens: usage.output, total_tokens: usage.input + usage.output },
  }));
}

function answerAnthropic(b: FakeBehaviour, body: Record<string, unknown>, res: http.ServerResponse, hanging: Set<http.ServerResponse>) {
  if (failOrHang(b, res, hanging, { type: 'error', error: { type: b.kind === 'status' && b.status === 429 ? 'rate_limit_error' : 'api_error', message: 'fake' } })) return;
  const usage = b.kind === 'good' && b.usage ? b.usage : { input: 1024, output: 120 };
  const text = content(b)!;
  // The SDK asks either for a forced "json" tool call or for native structured output; answer in the form it asked for.
  const tools = (body.tools as { name: string }[] | undefined) ?? [];
  const block = tools.some((t) => t.name === 'json')
    ? (() => {
        try {
          return { type: 'tool_use', id: 'toolu_fake', name: 'json', input: JSON.parse(text) };
        } catch {
          return { type: 'text', text };
        }
      })()
    : { type: 'text', text };
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({
    id: 'msg_fake', type: 'message', role: 'assistant', model: body.model ?? 'fake', content: [block],
    stop_reason: block.type === 'tool_use' ? 'tool_use' : 'end_turn', stop_sequence: null,
    usage: { input_tokens: usage.input, output_tokens: usage.output },
  }));
}

import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LiveEvent } from './live-events.ts';

// The app's live-event reader (subscribeLive) on a scripted /events stream: how it cuts the Server-Sent Events
// stream into events whatever the chunking, what it skips, the status it reports, and how it reconnects. The real
// reader runs; only fetch (the server) and the page's location and storage are stand-ins.

const ORIGIN = 'http://127.0.0.1:3000';
const enc = new TextEncoder();

interface Stream {
  url: string;
  headers: Record<string, string>;
  send(chunk: string | Uint8Array): void;
  end(): void;
  aborted: Promise<void>;
}

/** The server side: each fetch of /events is answered by the next scripted reply, or by an open stream. */
const replies: (() => Response)[] = [];
let streams: Stream[] = [];
let streamOpened: ((s: Stream) => void)[] = [];
const nextStream = () => new Promise<Stream>((r) => streamOpened.push(r));

function fakeFetch(url: string, init: RequestInit): Promise<Response> {
  const scripted = replies.shift();
  if (scripted) return Promise.resolve(scripted());
  let ctrl!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({ start: (c) => void (ctrl = c) });
  let onAbort!: () => void;
  const aborted = new Promise<void>((r) => (onAbort = r));
  init.signal?.addEventListener('abort', () => {
    onAbort();
    ctrl.error(new DOMException('aborted', 'AbortError'));
  });
  const s: Stream = {
    url, headers: init.headers as Record<string, string>, aborted,
    send: (chunk) => ctrl.enqueue(typeof chunk === 'string' ? enc.encode(chunk) : chunk),
    end: () => ctrl.close(),
  };
  streams.push(s);
  const waiting = streamOpened;
  streamOpened = [];
  for (const w of waiting) w(s);
  return Promise.resolve(new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } }));
}

/** What the app sees: events and connection status, with a way to wait for the next ones. */
function listener() {
  const events: LiveEvent[] = [];
  const status: boolean[] = [];
  let wake: (() => void)[] = [];
  const notify = () => {
    const w = wake;
    wake = [];
    for (const f of w) f();
  };
  const until = async (ok: () => boolean) => {
    while (!ok()) await new Promise<void>((r) => wake.push(r));
  };
  return {
    events, status, until,
    onEvent: (e: LiveEvent) => {
      events.push(e);
      notify();
    },
    onStatus: (c: boolean) => {
      status.push(c);
      notify();
    },
  };
}

const storage = new Map<string, string>();
let live: typeof import('./live-events.ts');
let auth: typeof import('./auth-session.ts');
let API_BASE: string;
let stop: (() => void) | null = null;

beforeAll(async () => {
  vi.stubGlobal('location', { origin: ORIGIN });
  vi.stubGlobal('localStorage', {
    getItem: (k: string) => storage.get(k) ?? null,
    setItem: (k: string, v: string) => void storage.set(k, v),
    removeItem: (k: string) => void storage.delete(k),
  });
  vi.stubGlobal('fetch', fakeFetch);
  // Imported once the page globals exist (the API client reads location when it loads).
  live = await import('./live-events.ts');
  auth = await import('./auth-session.ts');
  API_BASE = (await import('../api/client.ts')).API_BASE;
});

afterEach(() => {
  stop?.();
  stop = null;
  streams = [];
  replies.length = 0;
});

const event = (type: string, data: unknown, at = '2026-03-14T10:00:00.000Z') => JSON.stringify({ type, at, data });

describe('subscribeLive', () => {
  it('connects to /events with the session cookie (never a token header) and the types asked for, and says it is live', async () => {
    const l = listener();
    const opened = nextStream();
    stop = live.subscribeLive(l.onEvent, l.onStatus, ['job.progress', 'item.updated']);
    const s = await opened;
    expect(s.url).toBe(`${ORIGIN}${API_BASE}/events?types=job.progress%2Citem.updated`);
    expect(s.headers).toEqual({ accept: 'text/event-stream' });
    await l.until(() => l.status.length > 0);
    expect(l.status).toEqual([true]);
  });

  it('rebuilds events cut anywhere by the network, multi-byte letters and multi-line data included', async () => {
    const l = listener();
    const opened = nextStream();
    stop = live.subscribeLive(l.onEvent, l.onStatus);
    const s = await opened;
    const one = event('item.updated', { id: 'a', title: 'Robe été' });
    const bytes = enc.encode(`id: 1\nevent: item.updated\ndata: ${one}\n\n`);
    // Split inside the "é" (two bytes) and inside the blank line that ends the event.
    const cut = bytes.indexOf(0xc3) + 1;
    s.send(bytes.subarray(0, cut));
    s.send(bytes.subarray(cut, bytes.length - 1));
    s.send(bytes.subarray(bytes.length - 1));
    // One event whose JSON spans two data lines (joined with a newline), sent with "data:" and no space.
    s.send('data:{"type":"job.progress","at":"2026-03-14T10:00:01.000Z",\ndata:"data":{"done":2}}\n\n');
    await l.until(() => l.events.length === 2);
    expect(l.events).toEqual([
      { type: 'item.updated', at: '2026-03-14T10:00:00.000Z', data: { id: 'a', title: 'Robe été' } },
      { type: 'job.progress', at: '2026-03-14T10:00:01.000Z', data: { done: 2 } },
    ]);
  });

  it('skips keep-alive comments, blocks without data and malformed messages, and goes on reading', async () => {
    const l = listener();
    const opened = nextStream();
    stop = live.subscribeLive(l.onEvent, l.onStatus);
    const s = await opened;
    s.send(': ping\n\n');
    s.send('event: noise\nid: 7\n\n');
    s.send('data: {not json\n\n');
    s.send(`: comment inside\ndata: ${event('stats.changed', { n: 1 })}\n\n`);
    await l.until(() => l.events.length === 1);
    expect(l.events.map((e) => e.type)).toEqual(['stats.changed']);
    expect(l.status).toEqual([true]);
  });

  it('reconnects after the stream drops, waiting the retry the server asked for, and reports each change', async () => {
    const l = listener();
    const first = nextStream();
    stop = live.subscribeLive(l.onEvent, l.onStatus);
    const s1 = await first;
    s1.send('retry: 5\n\n');
    s1.send(`data: ${event('a', 1)}\n\n`);
    await l.until(() => l.events.length === 1);
    const second = nextStream();
    s1.end();
    const s2 = await second;
    s2.send(`data: ${event('b', 2)}\n\n`);
    await l.until(() => l.events.length === 2);
    expect(l.events.map((e) => e.type)).toEqual(['a', 'b']);
    expect(l.status).toEqual([true, false, true]);
  });

  it('asks the seller to log in when the server refuses the session, then tries again', async () => {
    const l = listener();
    replies.push(() => new Response(JSON.stringify({ error: { code: 'unauthorized', message: 'API token required' } }), { status: 401, headers: { 'content-type': 'application/json' } }));
    expect(auth.isLoginRequired()).toBe(false);
    const retried = nextStream();
    // The first retry waits the default 3 s; the test's clock is not the point, so the wait is shortened.
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    try {
      stop = live.subscribeLive(l.onEvent, l.onStatus);
      await l.until(() => l.status.length === 1);
      expect(l.status).toEqual([false]);
      expect(auth.isLoginRequired()).toBe(true);
      await vi.advanceTimersByTimeAsync(3000);
    } finally {
      vi.useRealTimers();
    }
    await retried;
    await l.until(() => l.status.length === 2);
    expect(l.status).toEqual([false, true]);
  });

  it('stops when the page unsubscribes: the request is aborted and no drop is reported', async () => {
    const l = listener();
    const opened = nextStream();
    const unsubscribe = live.subscribeLive(l.onEvent, l.onStatus);
    const s = await opened;
    await l.until(() => l.status.length === 1);
    unsubscribe();
    await s.aborted;
    expect(streams).toHaveLength(1);
    expect(l.status).toEqual([true]);
  });
});

import { API_BASE } from '../api/base.ts';
import { noteUnauthorized } from './auth-session.ts';

export interface LiveEvent<T = unknown> {
  type: string;
  at: string;
  data: T;
}

type Handler = (e: LiveEvent) => void;
type StatusHandler = (connected: boolean) => void;

/**
 * Reads the server's Server-Sent Events with fetch rather than EventSource, so a 401 (logged out) is seen and
 * reported like any other answer. The session cookie goes with it. Reconnects after a drop, as EventSource would.
 */
export function subscribeLive(onEvent: Handler, onStatus?: StatusHandler, types?: string[]): () => void {
  let stopped = false;
  let ctrl: AbortController | null = null;
  let retryMs = 3000;

  const run = async () => {
    while (!stopped) {
      ctrl = new AbortController();
      try {
        const q = types?.length ? `?types=${encodeURIComponent(types.join(','))}` : '';
        const res = await fetch(`${location.origin}${API_BASE}/events${q}`, { headers: { accept: 'text/event-stream' }, credentials: 'same-origin', signal: ctrl.signal });
        if (res.status === 401) {
          await noteUnauthorized(res);
          throw new Error('unauthorized');
        }
        if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
        onStatus?.(true);
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buf = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buf += value;
          let cut: number;
          while ((cut = buf.indexOf('\n\n')) >= 0) {
            const block = buf.slice(0, cut);
            buf = buf.slice(cut + 2);
            const parsed = parseBlock(block);
            if (parsed?.retry) retryMs = parsed.retry;
            if (parsed?.data) {
              try {
                onEvent(JSON.parse(parsed.data) as LiveEvent);
              } catch {
                // a malformed message is skipped, the stream goes on
              }
            }
          }
        }
      } catch {
        if (stopped) return;
      }
      onStatus?.(false);
      if (!stopped) await new Promise((r) => setTimeout(r, retryMs));
    }
  };
  void run();
  return () => {
    stopped = true;
    ctrl?.abort();
  };
}

function parseBlock(block: string): { data?: string; retry?: number } | null {
  let data: string[] | null = null;
  let retry: number | undefined;
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) continue;
    const i = line.indexOf(':');
    const field = i < 0 ? line : line.slice(0, i);
    const value = i < 0 ? '' : line.slice(i + 1).replace(/^ /, '');
    if (field === 'data') (data ??= []).push(value);
    else if (field === 'retry' && /^\d+$/.test(value)) retry = Number(value);
  }
  return { data: data?.join('\n'), retry };
}

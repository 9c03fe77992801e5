import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhook } from '../../src/modules/webhooks/index.ts';

export interface ReceivedHook {
  headers: http.IncomingHttpHeaders;
  body: string;
  json: { id: string; event: string; created_at: string; data: Record<string, unknown> };
  /** The receiver's own check of X-VintedBot-Signature with the secret it was given. */
  signatureValid: boolean;
  answered: number;
}

/**
 * A webhook receiver on 127.0.0.1 (Zapier, n8n or a seller's script stand-in): it verifies each request's signature
 * with the secret it is given, answers the statuses it is told to (then 200), and lets a test wait for N requests.
 */
export async function startWebhookReceiver() {
  const received: ReceivedHook[] = [];
  const statuses: number[] = [];
  let secret = '';
  const waiters: { n: number; resolve: () => void }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const answered = statuses.shift() ?? 200;
      received.push({
        headers: req.headers, body, json: JSON.parse(body), answered,
        signatureValid: verifyWebhook(secret, String(req.headers['x-vintedbot-timestamp']), body, String(req.headers['x-vintedbot-signature'])),
      });
      res.writeHead(answered, { 'content-type': 'application/json' }).end('{"ok":true}');
      for (const w of waiters.filter((x) => received.length >= x.n)) w.resolve();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return {
    url,
    received,
    setSecret: (s: string) => void (secret = s),
    /** The next requests get these statuses, in order. */
    answerNext: (...s: number[]) => void statuses.push(...s),
    /** Resolves once n requests arrived; fails after `timeoutMs` naming what did arrive. */
    waitFor: (n: number, timeoutMs = 15_000) => (received.length >= n ? Promise.resolve() : new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${received.length} of ${n} webhook requests arrived: ${received.map((r) => r.json.event).join(', ')}`)), timeoutMs);
      waiters.push({ n, resolve: () => { clearTimeout(timer); resolve(); } });
    })),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

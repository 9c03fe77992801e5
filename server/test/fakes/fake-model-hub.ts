// A local HTTP server playing a model hub (Hugging Face's `/<org>/<repo>/resolve/main/<path>`): serves the files it
// is given, honours `Range: bytes=N-` with 206, and can cut the next full download after a number of bytes (the
// socket is destroyed mid-body, as a dropped connection does). Records every request for the tests to check.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HubRequest { path: string; range: string | null }

export interface FakeModelHub {
  url: string;
  requests: HubRequest[];
  /** The next request without a Range gets this many bytes, then the connection drops. */
  cutNextAfter(bytes: number): void;
  close(): Promise<void>;
}

export async function startFakeModelHub(files: Record<string, Buffer>): Promise<FakeModelHub> {
  const requests: HubRequest[] = [];
  let cutAt: number | null = null;
  const server = http.createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://hub').pathname);
    const range = req.headers.range ?? null;
    requests.push({ path, range });
    const body = files[path];
    if (!body) { res.writeHead(404).end('Entry not found'); return; }
    const m = range ? /^bytes=(\d+)-$/.exec(range) : null;
    if (m) {
      const from = Number(m[1]);
      if (from >= body.length) { res.writeHead(416, { 'content-range': `bytes */${body.length}` }).end(); return; }
      res.writeHead(206, { 'content-length': body.length - from, 'content-range': `bytes ${from}-${body.length - 1}/${body.length}`, 'accept-ranges': 'bytes' });
      res.end(body.subarray(from));
      return;
    }
    res.writeHead(200, { 'content-length': body.length, 'accept-ranges': 'bytes', 'content-type': 'application/octet-stream' });
    if (cutAt !== null) {
      const n = cutAt;
      cutAt = null;
      res.write(body.subarray(0, n), () => res.socket?.destroy());
      return;
    }
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    cutNextAfter: (bytes) => { cutAt = bytes; },
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

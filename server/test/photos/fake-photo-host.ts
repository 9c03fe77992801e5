import http from 'node:http';
import type { AddressInfo } from 'node:net';

// A photo host on the internet, played by a real HTTP server on 127.0.0.1: images, an HTML page, a 50 MB body,
// redirects. The app refuses 127.0.0.1 by default, so tests that fetch from it widen the app's address policy to
// exactly this address; the refusal tests keep the default.
export interface FakePhotoHost { base: string; port: number; requests: string[]; close(): Promise<void> }

export async function startFakePhotoHost(files: Record<string, { body: Buffer; type: string }>): Promise<FakePhotoHost> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://host');
    requests.push(u.pathname + u.search);
    const f = files[u.pathname];
    if (f) {
      res.writeHead(200, { 'content-type': f.type, 'content-length': f.body.length });
      return res.end(f.body);
    }
    if (u.pathname === '/redirect') {
      res.writeHead(302, { location: u.searchParams.get('to') ?? '/' });
      return res.end();
    }
    if (u.pathname === '/page.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return res.end(`<!doctype html><title>Jupe Zara</title>${'<p>Une jolie jupe.</p>'.repeat(300)}`);
    }
    if (u.pathname === '/50mb.jpg') {
      // JPEG magic first, then 50 MB streamed without Content-Length: only the running count can stop it.
      res.writeHead(200, { 'content-type': 'image/jpeg' });
      const chunk = Buffer.alloc(1024 * 1024, 0x41);
      chunk.set([0xff, 0xd8, 0xff, 0xe0]);
      let sent = 0;
      const push = () => {
        while (sent < 50) {
          sent++;
          if (!res.write(chunk)) return res.once('drain', push);
        }
        res.end();
      };
      return push();
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    base: `http://127.0.0.1:${port}`, port, requests,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

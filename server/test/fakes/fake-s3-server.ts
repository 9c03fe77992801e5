import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { EventEmitter } from 'node:events';
import path from 'node:path';
import { randomUUID } from 'node:crypto';

// A small S3-protocol server for the tests, as a real HTTP server on 127.0.0.1 (path-style addressing, the subset
// our S3ObjectStore speaks: HeadBucket, PutObject, GetObject with Range, HeadObject, DeleteObject, ListObjectsV2).
// Objects live in a folder, so they survive `restart()`, which cuts every open connection mid-request the way a
// crashed MinIO would. An object appears only once its whole body arrived (S3's own rule). Keys are checked, not
// signatures: a request whose access key id is not the configured one gets 403 InvalidAccessKeyId.
// s3rver was the first idea; this fake was written instead so a test can cut an upload at a chosen byte.

export interface FakeS3Options {
  dir: string;
  buckets: string[];
  accessKeyId?: string;
  /** ListObjectsV2 page size (S3's is 1000; small values exercise paging). */
  pageSize?: number;
}

export class FakeS3Server extends EventEmitter {
  private server: http.Server | null = null;
  private readonly sockets = new Set<Socket>();
  port = 0;
  readonly requests: { method: string; url: string }[] = [];
  /** Set to make the next PUT stop reading after this many bytes and emit 'upload-stalled' (a restart test). */
  stallPutAfterBytes: number | null = null;

  constructor(readonly opts: FakeS3Options) {
    super();
  }

  get endpoint() {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(port = 0): Promise<this> {
    for (const b of this.opts.buckets) await fs.mkdir(path.join(this.opts.dir, b), { recursive: true });
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((e) => {
        if (!res.headersSent) xmlError(res, 500, 'InternalError', String(e));
        else res.destroy();
      });
    });
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = null;
  }

  /** Stops (cutting open connections) and listens again on the same port with the same objects. */
  async restart(): Promise<void> {
    const port = this.port;
    await this.stop();
    await this.start(port);
  }

  /** Writes an object directly (a test's setup, or an object another client left, e.g. 0 bytes). */
  async seed(bucket: string, key: string, body: Buffer): Promise<void> {
    const p = this.filePath(bucket, key);
    await fs.mkdir(path.dirname(p), { recursive: true });
    await fs.writeFile(p, body);
  }

  async objectKeys(bucket: string): Promise<string[]> {
    const root = path.join(this.opts.dir, bucket);
    const entries = await fs.readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
    return entries.filter((e) => e.isFile() && !e.name.endsWith('.upload')).map((e) => decodeURIComponent(e.name)).sort();
  }

  private filePath(bucket: string, key: string) {
    return path.join(this.opts.dir, bucket, encodeURIComponent(key));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://x');
    this.requests.push({ method: req.method ?? '', url: url.pathname + url.search });
    const auth = req.headers.authorization ?? url.searchParams.get('X-Amz-Credential') ?? '';
    const akid = /Credential=([^/]+)\//.exec(auth)?.[1] ?? /^([^/]+)\//.exec(auth)?.[1];
    if (this.opts.accessKeyId && akid !== this.opts.accessKeyId) {
      return xmlError(res, 403, 'InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.');
    }
    const [, bucket, ...rest] = url.pathname.split('/');
    const key = decodeURIComponent(rest.join('/'));
    if (!bucket || !this.opts.buckets.includes(bucket)) return xmlError(res, 404, 'NoSuchBucket', 'The specified bucket does not exist');
    if (!key) {
      if (req.method === 'HEAD') return void res.writeHead(200).end();
      if (req.method === 'GET' && url.searchParams.get('list-type') === '2') return this.list(bucket, url, res);
      return xmlError(res, 405, 'MethodNotAllowed', 'not supported by the fake');
    }
    const file = this.filePath(bucket, key);
    if (req.method === 'PUT') return this.put(req, res, file);
    if (req.method === 'DELETE') {
      await fs.rm(file, { force: true });
      return void res.writeHead(204).end();
    }
    const st = await fs.stat(file).catch(() => null);
    if (!st) {
      if (req.method === 'HEAD') return void res.writeHead(404).end();
      return xmlError(res, 404, 'NoSuchKey', 'The specified key does not exist.');
    }
    if (req.method === 'HEAD') return void res.writeHead(200, { 'content-length': st.size, etag: '"x"' }).end();
    if (req.method !== 'GET') return xmlError(res, 405, 'MethodNotAllowed', 'not supported by the fake');
    const body = await fs.readFile(file);
    const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
    if (range) {
      const start = Number(range[1]);
      const end = Math.min(range[2] ? Number(range[2]) : body.length - 1, body.length - 1);
      if (start >= body.length) return xmlError(res, 416, 'InvalidRange', 'The requested range is not satisfiable', { 'content-range': `bytes */${body.length}` });
      res.writeHead(206, { 'content-length': end - start + 1, 'content-range': `bytes ${start}-${end}/${body.length}` });
      return void res.end(body.subarray(start, end + 1));
    }
    res.writeHead(200, { 'content-length': body.length, 'content-type': 'application/octet-stream' });
    res.end(body);
  }

  private async put(req: http.IncomingMessage, res: http.ServerResponse, file: string) {
    const expected = Number(req.headers['content-length'] ?? NaN);
    const tmp = `${file}.${randomUUID()}.upload`;
    await fs.mkdir(path.dirname(file), { recursive: true });
    const out = createWriteStream(tmp);
    let received = 0;
    const stallAt = this.stallPutAfterBytes;
    let stalled = false;
    const done = await new Promise<boolean>((resolve) => {
      req.on('data', (chunk: Buffer) => {
        if (stalled) return;
        if (stallAt !== null && received + chunk.length >= stallAt) {
          stalled = true;
          this.stallPutAfterBytes = null;
          out.write(chunk.subarray(0, Math.max(0, stallAt - received)));
          received = stallAt;
          req.pause();
          this.emit('upload-stalled', { received });
          return;
        }
        received += chunk.length;
        out.write(chunk);
      });
      req.on('end', () => resolve(!stalled));
      req.on('close', () => resolve(false));
      req.on('error', () => resolve(false));
    });
    await new Promise<void>((r) => out.end(r));
    if (!done || (Number.isFinite(expected) && received !== expected)) {
      await fs.rm(tmp, { force: true });
      if (!res.destroyed) xmlError(res, 400, 'IncompleteBody', 'You did not provide the number of bytes specified by the Content-Length HTTP header');
      return;
    }
    await fs.rename(tmp, file);
    res.writeHead(200, { etag: '"x"' }).end();
  }

  private async list(bucket: string, url: URL, res: http.ServerResponse) {
    const prefix = url.searchParams.get('prefix') ?? '';
    const after = url.searchParams.get('continuation-token') ?? '';
    const size = this.opts.pageSize ?? 1000;
    const keys = (await this.objectKeys(bucket)).filter((k) => k.startsWith(prefix) && k > after);
    const page = keys.slice(0, size);
    const truncated = keys.length > size;
    const items = await Promise.all(page.map(async (k) => {
      const st = await fs.stat(this.filePath(bucket, k));
      return { k, size: st.size, at: st.mtime.toISOString() };
    }));
    const xml = `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${bucket}</Name><Prefix>${esc(prefix)}</Prefix><KeyCount>${page.length}</KeyCount><MaxKeys>${size}</MaxKeys><IsTruncated>${truncated}</IsTruncated>${truncated ? `<NextContinuationToken>${esc(page[page.length - 1]!)}</NextContinuationToken>` : ''}${items.map((i) => `<Contents><Key>${esc(i.k)}</Key><Size>${i.size}</Size><ETag>"x"</ETag><LastModified>${i.at}</LastModified><StorageClass>STANDARD</StorageClass></Contents>`).join('')}</ListBucketResult>`;
    res.writeHead(200, { 'content-type': 'application/xml' }).end(xml);
  }
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function xmlError(res: http.ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}) {
  const body = `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${esc(message)}</Message></Error>`;
  res.writeHead(status, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body), ...headers }).end(body);
}

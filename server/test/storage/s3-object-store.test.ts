import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { text } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StorageError } from '../../src/platform/storage/object-store.ts';
import { S3ObjectStore, s3Client, type S3Settings } from '../../src/platform/storage/s3-object-store.ts';
import { FakeS3Server } from '../fakes/fake-s3-server.ts';

// The S3 store through @aws-sdk/client-s3 against a real S3-protocol server on 127.0.0.1 (test/fakes/fake-s3-server.ts).

const KEY = 'AKIATESTKEY';
let dir: string;
let s3: FakeS3Server;

const settings = (over: Partial<S3Settings> = {}): S3Settings => ({
  endpoint: s3.endpoint, region: 'us-east-1', bucket: 'photos', accessKeyId: KEY, secretAccessKey: 'secret', forcePathStyle: true, ...over,
});
const store = (over: Partial<S3Settings> = {}) => new S3ObjectStore(s3Client(settings(over)), settings(over));
const names = { bucket: 'S3_BUCKET', keys: 'S3_ACCESS_KEY_ID / S3_SECRET_ACCESS_KEY', endpoint: 'S3_ENDPOINT' };

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-s3-'));
  s3 = await new FakeS3Server({ dir, buckets: ['photos'], accessKeyId: KEY, pageSize: 2 }).start();
});
afterAll(async () => {
  await s3.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('S3ObjectStore', () => {
  it('writes, reads whole and by range, lists page by page, deletes', async () => {
    const st = store({ prefix: 'app/' });
    await st.put('photos/aa/one.jpg', Buffer.from('0123456789'), 'image/jpeg');
    const file = path.join(dir, 'src.bin');
    fs.writeFileSync(file, randomBytes(300_000));
    await st.put('photos/aa/two.bin', { path: file, size: 300_000 });
    await st.put('photos/bb/three.txt', Buffer.from('three'));
    expect(await s3.objectKeys('photos')).toEqual(['app/photos/aa/one.jpg', 'app/photos/aa/two.bin', 'app/photos/bb/three.txt']);

    const whole = await st.get('photos/aa/one.jpg');
    expect(whole?.total).toBe(10);
    expect(await text(whole!.stream)).toBe('0123456789');
    const part = await st.get('photos/aa/one.jpg', { start: 2, end: 5 });
    expect(part).toMatchObject({ size: 4, total: 10 });
    expect(await text(part!.stream)).toBe('2345');
    const big = await st.get('photos/aa/two.bin');
    const chunks: Buffer[] = [];
    for await (const c of big!.stream) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).equals(fs.readFileSync(file))).toBe(true);

    expect(await st.head('photos/bb/three.txt')).toMatchObject({ key: 'photos/bb/three.txt', size: 5 });
    expect(await st.head('photos/zz/none')).toBeNull();
    expect(await st.get('photos/zz/none')).toBeNull();

    const listed = [];
    for await (const o of st.list('photos/')) listed.push(o.key); // page size 2: two requests
    expect(listed).toEqual(['photos/aa/one.jpg', 'photos/aa/two.bin', 'photos/bb/three.txt']);

    await st.delete('photos/bb/three.txt');
    expect(await st.head('photos/bb/three.txt')).toBeNull();
  });

  it('hands out a signed URL a plain HTTP client can read', async () => {
    const st = store();
    await st.put('photos/cc/signed.txt', Buffer.from('signed body'));
    const url = await st.signedUrl('photos/cc/signed.txt', 60);
    expect(url).toMatch(/X-Amz-Expires=60/);
    const res = await fetch(url!);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('signed body');
  });

  it('start-up check names the variable to fix: wrong keys, a bucket that does not exist, nothing listening', async () => {
    await expect(store().check(names)).resolves.toBeUndefined();
    const wrongKey = await store({ accessKeyId: 'AKIAWRONG' }).check(names).catch((e) => e);
    expect(wrongKey).toBeInstanceOf(StorageError);
    expect(wrongKey.message).toMatch(/^S3_ACCESS_KEY_ID \/ S3_SECRET_ACCESS_KEY: .*refused these keys/);
    const noBucket = await store({ bucket: 'not-there' }).check(names).catch((e) => e);
    expect(noBucket.message).toMatch(/^S3_BUCKET: the bucket "not-there" does not exist/);
    const closed = await new FakeS3Server({ dir, buckets: [] }).start();
    const endpoint = closed.endpoint;
    await closed.stop();
    const unreachable = await store({ endpoint, attempts: 2, retryBaseMs: 1 }).check(names).catch((e) => e);
    expect(unreachable.message).toMatch(/^S3_ENDPOINT: the storage service at http:\/\/127\.0\.0\.1:\d+ cannot be reached/);
  });

  it('a server restart mid-upload: the upload is retried with a fresh stream and lands whole; never half an object', async () => {
    const st = store();
    const file = path.join(dir, 'upload.bin');
    const bytes = randomBytes(2 * 1024 * 1024);
    fs.writeFileSync(file, bytes);
    s3.stallPutAfterBytes = 256 * 1024;
    const stalled = once(s3, 'upload-stalled');
    const put = st.put('photos/dd/restart.bin', { path: file, size: bytes.length });
    await stalled;
    expect(await s3.objectKeys('photos')).not.toContain('photos/dd/restart.bin'); // half-received: not an object
    await s3.restart();
    await put;
    const back = await st.get('photos/dd/restart.bin');
    const chunks: Buffer[] = [];
    for await (const c of back!.stream) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
  });

  it('a restart with no retry left fails cleanly: an error, and no object under the key', async () => {
    const st = store({ attempts: 1 });
    const file = path.join(dir, 'upload2.bin');
    fs.writeFileSync(file, randomBytes(1024 * 1024));
    s3.stallPutAfterBytes = 100 * 1024;
    const stalled = once(s3, 'upload-stalled');
    const put = st.put('photos/ee/cut.bin', { path: file, size: 1024 * 1024 }).then(() => null, (e: unknown) => e);
    await stalled;
    await s3.restart();
    expect(await put).toBeInstanceOf(Error);
    expect(await st.head('photos/ee/cut.bin')).toBeNull();
    expect((await s3.objectKeys('photos')).filter((k) => k.startsWith('photos/ee/'))).toEqual([]);
  });
});

// bench/storage: the photo store on the local folder and on an S3-compatible bucket (our S3-protocol server on
// 127.0.0.1, so the figures are the client's and the protocol's cost, not a network's): writing a photo's two
// derivatives, reading one back into an empty cache, the tier listing behind GET /storage/stats, and
// `storage migrate` throughput. BENCH_PHOTOS (default 200) photos of ~300 kB + ~25 kB.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LocalObjectStore } from '../server/src/platform/storage/local-object-store.ts';
import { migrateStore } from '../server/src/platform/storage/migrate-store.ts';
import { S3ObjectStore, s3Client } from '../server/src/platform/storage/s3-object-store.ts';
import { TieredPhotoStore } from '../server/src/platform/storage/tiered-photo-store.ts';
import { FakeS3Server } from '../server/test/fakes/fake-s3-server.ts';
import { fmt, summary } from './lib.ts';

const N = Number(process.env.BENCH_PHOTOS ?? 200);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-storage-'));
const s3 = await new FakeS3Server({ dir: path.join(dir, 's3'), buckets: ['bench'], accessKeyId: 'AKIABENCH' }).start();
const settings = (prefix: string) => ({ endpoint: s3.endpoint, region: 'us-east-1', bucket: 'bench', accessKeyId: 'AKIABENCH', secretAccessKey: 's', forcePathStyle: true, prefix });
const client = s3Client(settings(''));
const photos = Array.from({ length: N }, () => ({ sha: randomBytes(32).toString('hex'), preview: randomBytes(300_000), thumb: randomBytes(25_000) }));

async function timed(label: string, fn: (i: number) => Promise<unknown>) {
  const ms: number[] = [];
  const t0 = performance.now();
  for (let i = 0; i < N; i++) {
    const a = performance.now();
    await fn(i);
    ms.push(performance.now() - a);
  }
  const s = summary(ms);
  console.log(`${label.padEnd(44)} p50 ${fmt(s.p50)}  p95 ${fmt(s.p95)}  total ${fmt(performance.now() - t0)} for ${N}`);
}

try {
  const local = new TieredPhotoStore(path.join(dir, 'local'), null, new LocalObjectStore(path.join(dir, 'local-cold')));
  await local.init();
  const remote = new TieredPhotoStore(path.join(dir, 'cache'), new S3ObjectStore(client, settings('hot/')), new S3ObjectStore(client, settings('cold/')));
  await remote.init();
  await timed('put (2 derivatives), STORAGE=local', (i) => local.put(photos[i]!.sha, { preview: photos[i]!.preview, thumb: photos[i]!.thumb }));
  await timed('put (2 derivatives), STORAGE=s3', (i) => remote.put(photos[i]!.sha, { preview: photos[i]!.preview, thumb: photos[i]!.thumb }));
  fs.rmSync(path.join(dir, 'cache'), { recursive: true });
  await remote.init();
  await timed('stat preview, empty cache (fetch from bucket)', (i) => remote.stat(photos[i]!.sha, 'preview'));
  await timed('stat preview, cached', (i) => remote.stat(photos[i]!.sha, 'preview'));
  await timed('move to cold (copy + delete), s3', (i) => remote.moveToCold(photos[i]!.sha));
  await timed('bring back from cold, s3', (i) => remote.bringBack(photos[i]!.sha));

  let t0 = performance.now();
  let objects = 0;
  for await (const _ of new S3ObjectStore(client, settings('hot/')).list('photos/')) objects++;
  console.log(`${'list the bucket tier (GET /storage/stats)'.padEnd(44)} ${fmt(performance.now() - t0)} for ${objects} objects`);

  t0 = performance.now();
  const r = await migrateStore(new LocalObjectStore(path.join(dir, 'local')), new S3ObjectStore(client, settings('migrated/')), {
    tempDir: path.join(dir, 'tmp'), mapKey: (k) => `photos/${k}`, accept: (k) => !k.startsWith('.'),
  });
  const s = (performance.now() - t0) / 1000;
  console.log(`${'storage migrate --to s3'.padEnd(44)} ${r.copied} objects, ${(r.bytes / 1e6).toFixed(1)} MB in ${s.toFixed(2)} s: ${(r.copied / s).toFixed(0)} objects/s, ${(r.bytes / 1e6 / s).toFixed(1)} MB/s`);
  t0 = performance.now();
  const again = await migrateStore(new LocalObjectStore(path.join(dir, 'local')), new S3ObjectStore(client, settings('migrated/')), {
    tempDir: path.join(dir, 'tmp'), mapKey: (k) => `photos/${k}`, accept: (k) => !k.startsWith('.'),
  });
  console.log(`${'storage migrate --to s3, resumed (all there)'.padEnd(44)} ${again.skipped} skipped in ${((performance.now() - t0) / 1000).toFixed(2)} s`);
} finally {
  await s3.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}

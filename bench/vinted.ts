// bench/vinted: prepare and publish timings of the Vinted connector in Chromium, against the fake Vinted site
// (server/test/fakes/vinted-site) on 127.0.0.1, through the real HTTP API. Prints p50/p95 per phase and the cold
// first prepare (browser start included). BENCH_VINTED_N listings (default 6), BENCH_VINTED_PHOTOS each (default 3).
import sharp from 'sharp';
import { startFakeVinted } from '../server/test/fakes/vinted-site/fake-vinted.ts';
import { fmt, startBenchApp, summary } from './lib.ts';

const N = Number(process.env.BENCH_VINTED_N ?? 6);
const PHOTOS = Number(process.env.BENCH_VINTED_PHOTOS ?? 3);

const fake = await startFakeVinted();
const bench = await startBenchApp({ VINTED_BASE_URL: fake.url, VINTED_QUEUE_INTERVAL_SECONDS: '0' });
const post = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
  const res = await fetch(`${bench.base}${path}`, { method: path.endsWith('settings') ? 'PATCH' : 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const json = (await res.json()) as Record<string, unknown>;
  if (res.status !== 200) throw new Error(`${path} → ${res.status}: ${JSON.stringify(json).slice(0, 300)}`);
  return json;
};

try {
  const { cookie } = fake.addSession('bench_seller');
  await post('/vinted/settings', { publication_enabled: true, acknowledge_terms: true, hourly_write_budget: 200 });
  await post('/vinted/auth/session', { cookie });
  const prepareMs: number[] = [];
  const publishMs: number[] = [];
  const dryMs: number[] = [];
  for (let i = 0; i < N; i++) {
    const files = [];
    for (let k = 0; k < PHOTOS; k++) {
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="900" height="1200"><rect width="900" height="1200" fill="#eee"/><circle cx="450" cy="600" r="${200 + 20 * k + i}" fill="#${(0x224466 + i * 997 + k * 131).toString(16).slice(-6)}"/></svg>`;
      files.push({ filename: `b${i}-${k}.jpg`, buffer: await sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer() });
    }
    const photos = (await bench.ctx.photos.ingestFiles(files)).map((p) => p.id);
    const item = await bench.ctx.listings.create({
      title: `Pull col rond laine mérinos ${i}`, description: 'Pull en laine mérinos, taille M, très bon état, porté quelques fois.',
      brand: 'Ralph Lauren', category: 'jumper', size: 'M', condition: 'very_good', colors: ['navy'], price: 40 + i, hashtags: ['pull', 'laine', 'ralphlauren'], photos,
    });
    let t0 = performance.now();
    const prepared = await post('/vinted/listings/prepare', { draft_id: item.id });
    prepareMs.push(performance.now() - t0);
    t0 = performance.now();
    await post('/vinted/listings/publish', { confirm_token: prepared.confirm_token });
    dryMs.push(performance.now() - t0);
    t0 = performance.now();
    const published = await post('/vinted/listings/publish', { confirm_token: prepared.confirm_token, dry_run: false }, { 'idempotency-key': `bench-${i}` });
    publishMs.push(performance.now() - t0);
    if (!published.listing_id) throw new Error(`no listing: ${JSON.stringify(published)}`);
    // Stay under 5 publications a minute: the bench measures the flow, not the pace.
    if (i % 5 === 4 && i < N - 1) await new Promise((r) => setTimeout(r, 61_000));
  }
  const show = (name: string, xs: number[]) => {
    const s = summary(xs);
    console.log(`${name.padEnd(28)} n=${s.n}  p50 ${fmt(s.p50)}  p95 ${fmt(s.p95)}  max ${fmt(s.max)}`);
  };
  console.log(`Vinted connector against the fake site, ${PHOTOS} photos per listing, Chromium ${process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'}`);
  console.log(`first prepare (cold browser)  ${fmt(prepareMs[0])}`);
  show('prepare (warm browser)', prepareMs.slice(1));
  show('publish, dry run', dryMs);
  show('publish (click → listing)', publishMs);
  console.log(`listings created on the fake site: ${fake.items.size}, photo uploads: ${fake.count('photos')}`);
} finally {
  await bench.close();
  await fake.close();
}

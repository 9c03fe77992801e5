// OCR of label and care-tag photos with tesseract.js, French + English, with the language data read from
// node_modules (@tesseract.js-data/eng and /fra): never a CDN. A small pool of workers for the process (one by
// default; setLabelReaders sizes it, the bulk job to its cores within a memory cap), each created when a read finds
// every existing one busy (it takes a second and ~100–200 MB) and recognising one image at a time; tesseract's
// recognition is single-threaded, so a second worker is what puts a second core on a batch's labels.
// terminateLabelReader() stops them all.
import { mkdtempSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { type Worker, createWorker, OEM, PSM } from 'tesseract.js';

const require = createRequire(import.meta.url);

/**
 * A local langPath holding both languages. The npm packages keep eng and fra in separate folders and tesseract
 * takes one langPath, so a private temp folder links to the two LSTM ("best_int") files inside node_modules.
 */
function localLangPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vintedbot-tessdata-'));
  for (const code of ['eng', 'fra']) {
    const pkgDir = join(require.resolve(`@tesseract.js-data/${code}/package.json`), '..');
    symlinkSync(join(pkgDir, '4.0.0_best_int', `${code}.traineddata.gz`), join(dir, `${code}.traineddata.gz`));
  }
  return dir;
}

let poolSize = 1;
/** One pool entry: the worker as it starts (a promise, so that two reads never start the same slot twice). */
interface Slot { worker: Promise<Worker> }
let workers: Slot[] = [];
const idle: Slot[] = [];
const waiting: ((s: Slot) => void)[] = [];

/** How many OCR workers may run at once (from 1); lowering it takes effect as busy workers come back. */
export function setLabelReaders(n: number): void {
  poolSize = Math.max(1, Math.floor(n));
}

export function labelReaders(): number {
  return poolSize;
}

function createOne(): Slot {
  // A local folder as langPath means tesseract never reaches for its CDN default; cacheMethod 'none' keeps it
  // from writing *.traineddata copies into the working directory.
  const w = createWorker(['fra', 'eng'], OEM.LSTM_ONLY, { langPath: localLangPath(), gzip: true, cacheMethod: 'none' }).then(async (w) => {
    // A label is one block of short lines. Single-block mode keeps a lone size letter ("M") that sparse-text
    // mode drops; the fabric noise it picks up in exchange is filtered out line by line below.
    await w.setParameters({ tessedit_pageseg_mode: PSM.SINGLE_BLOCK, preserve_interword_spaces: '1' });
    return w;
  });
  const slot = { worker: w };
  w.catch(() => { workers = workers.filter((x) => x !== slot); });
  workers.push(slot);
  return slot;
}

/** An idle worker, a new one while the pool has room, else the next one given back. */
function acquire(): Promise<Slot> {
  const free = idle.pop();
  if (free) return Promise.resolve(free);
  if (workers.length < poolSize) return Promise.resolve(createOne());
  return new Promise((resolve) => waiting.push(resolve));
}

function release(s: Slot): void {
  if (!workers.includes(s)) {
    // Terminated or failed meanwhile: a read still waiting gets a fresh worker instead.
    const next = waiting.shift();
    if (next) next(createOne());
    return;
  }
  if (workers.length > poolSize) {
    workers = workers.filter((x) => x !== s);
    void s.worker.then((x) => x.terminate()).catch(() => undefined);
    const next = waiting.shift();
    if (next) next(createOne());
    return;
  }
  const next = waiting.shift();
  if (next) return next(s);
  idle.push(s);
}

/** Greyscale, contrast-stretched, text about 30–60 px high: what the LSTM reads best. */
async function prepare(image: Buffer): Promise<Buffer> {
  const meta = await sharp(image).metadata();
  const long = Math.max(meta.width ?? 0, meta.height ?? 0);
  const target = long > 0 && long < 1200 ? 1600 : Math.min(long, 2000);
  return sharp(image).rotate().greyscale().resize(target, target, { fit: 'inside', withoutEnlargement: false })
    .normalise({ lower: 1, upper: 99 }).sharpen().png().toBuffer();
}

export interface LabelText { text: string; confidence: number }

/** Reads the text of a label photo (JPEG/PNG bytes, e.g. the 1600 px preview). Confidence is 0..1. */
export async function readLabelText(image: Buffer): Promise<LabelText> {
  const [slot, png] = await Promise.all([acquire(), prepare(image)]);
  try {
    const { data } = await (await slot.worker).recognize(png);
    // Keep lines tesseract believes in; noise from fabric texture comes out as low-confidence fragments.
    const text = data.text.split('\n').map((l) => l.trim()).filter((l) => /[\p{L}\p{N}]{2,}|^[SMLX]$/u.test(l)).join('\n');
    return { text, confidence: Math.round(data.confidence) / 100 };
  } finally {
    release(slot);
  }
}

/** Stops every OCR worker (tests, shutdown, the end of a bulk job's labels). The next read starts a new one. */
export async function terminateLabelReader(): Promise<void> {
  const all = workers;
  workers = [];
  idle.length = 0;
  await Promise.all(all.map((s) => s.worker.then((x) => x.terminate()).catch(() => undefined)));
}

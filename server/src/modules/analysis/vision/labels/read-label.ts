// OCR of label and care-tag photos with tesseract.js, French + English, with the language data read from
// node_modules (@tesseract.js-data/eng and /fra): never a CDN. One worker for the process, created on first
// use (it takes a second and ~100 MB), recognising one image at a time; terminateLabelReader() frees it.
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

let workerPromise: Promise<Worker> | null = null;
let queue: Promise<unknown> = Promise.resolve();

function getWorker(): Promise<Worker> {
  // A local folder as langPath means tesseract never reaches for its CDN default; cacheMethod 'none' keeps it
  // from writing *.traineddata copies into the working directory.
  workerPromise ??= createWorker(['fra', 'eng'], OEM.LSTM_ONLY, { langPath: localLangPath(), gzip: true, cacheMethod: 'none' }).then(async (w) => {
    // A label is one block of short lines. Single-block mode keeps a lone size letter ("M") that sparse-text
    // mode drops; the fabric noise it picks up in exchange is filtered out line by line below.
    await w.setParameters({ tessedit_pageseg_mode: PSM.SINGLE_BLOCK, preserve_interword_spaces: '1' });
    return w;
  }).catch((err: unknown) => { workerPromise = null; throw err; });
  return workerPromise;
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
export function readLabelText(image: Buffer): Promise<LabelText> {
  const job = queue.then(async () => {
    const [worker, png] = await Promise.all([getWorker(), prepare(image)]);
    const { data } = await worker.recognize(png);
    // Keep lines tesseract believes in; noise from fabric texture comes out as low-confidence fragments.
    const text = data.text.split('\n').map((l) => l.trim()).filter((l) => /[\p{L}\p{N}]{2,}|^[SMLX]$/u.test(l)).join('\n');
    return { text, confidence: Math.round(data.confidence) / 100 };
  });
  queue = job.catch(() => undefined);
  return job;
}

/** Stops the shared OCR worker (tests, shutdown). The next read starts a new one. */
export async function terminateLabelReader(): Promise<void> {
  const w = workerPromise;
  workerPromise = null;
  if (w) await (await w).terminate();
}

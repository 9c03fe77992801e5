// `npm run build:extension`: builds the extension with Vite (one IIFE bundle per entry: MV3 content scripts and a
// Firefox background script cannot be ES modules), writes each browser's manifest, copies the pages and the
// `_locales`, and packs a store-ready ZIP per browser. Output (gitignored):
//   dist/chromium/, dist/firefox/          unpacked, for "Load unpacked" / about:debugging
//   dist/vintedbot-<browser>-<version>.zip  for the stores or a manual install
// VINTEDBOT_TEST_HOSTS=www.vinted.fr builds dist/test-chromium/ only, whose content script also runs on those
// plain-HTTP hosts (the e2e tier's fake Vinted); production builds never include them.
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'vite';
import yazl from 'yazl';
import { manifest } from './manifest.mjs';

const ROOT = path.resolve(import.meta.dirname, '..');
const DIST = path.join(ROOT, 'dist');
const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const ENTRIES = { background: 'src/background.ts', content: 'src/content/content.ts', options: 'src/options/options.ts' };
const testHosts = (process.env.VINTEDBOT_TEST_HOSTS ?? '').split(',').map((h) => h.trim()).filter(Boolean);

async function bundle(outDir) {
  for (const [name, entry] of Object.entries(ENTRIES)) {
    await build({
      configFile: false, logLevel: 'warn', root: ROOT,
      build: {
        outDir, emptyOutDir: false, minify: false, sourcemap: false, target: 'es2022', copyPublicDir: false,
        lib: { entry: path.join(ROOT, entry), formats: ['iife'], name: `vintedbot_${name}`, fileName: () => `${name}.js` },
      },
    });
  }
}

function copyStatic(outDir) {
  fs.cpSync(path.join(ROOT, 'public'), outDir, { recursive: true });
  for (const f of ['options.html', 'options.css']) fs.copyFileSync(path.join(ROOT, 'src/options', f), path.join(outDir, f));
}

function zip(dir, file) {
  return new Promise((ok, fail) => {
    const z = new yazl.ZipFile();
    const walk = (d) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p);
        else z.addFile(p, path.relative(dir, p).split(path.sep).join('/'), { mtime: new Date(0) });
      }
    };
    walk(dir);
    z.end();
    z.outputStream.pipe(fs.createWriteStream(file)).on('close', ok).on('error', fail);
  });
}

const targets = testHosts.length ? [['test-chromium', 'chromium']] : [['chromium', 'chromium'], ['firefox', 'firefox']];
fs.mkdirSync(DIST, { recursive: true });
// One bundle, shared by the browsers: only the manifest differs.
const shared = path.join(DIST, '.bundle');
fs.rmSync(shared, { recursive: true, force: true });
await bundle(shared);
for (const [folder, browser] of targets) {
  const out = path.join(DIST, folder);
  fs.rmSync(out, { recursive: true, force: true });
  fs.cpSync(shared, out, { recursive: true });
  copyStatic(out);
  fs.writeFileSync(path.join(out, 'manifest.json'), `${JSON.stringify(manifest(browser, { version, testHosts }), null, 2)}\n`);
  if (!testHosts.length) await zip(out, path.join(DIST, `vintedbot-${browser}-${version}.zip`));
  process.stdout.write(`extension: ${path.relative(process.cwd(), out)}${testHosts.length ? ` (test hosts: ${testHosts.join(', ')})` : ''}\n`);
}
fs.rmSync(shared, { recursive: true, force: true });

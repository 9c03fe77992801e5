import path from 'node:path';
import { type Command, Option } from 'commander';
import { LocalObjectStore } from '../../platform/storage/local-object-store.ts';
import { migrateStore, type MigrateProgress } from '../../platform/storage/migrate-store.ts';
import type { ObjectStore } from '../../platform/storage/object-store.ts';
import { localColdStore, openS3Stores } from '../../platform/storage/open-photo-store.ts';
import { KEY_RE } from '../../platform/storage/tiered-photo-store.ts';
import { type CliEnv, oneShotConfig, print, withContext } from '../cli-context.ts';
import { humanBytes } from '../i18n.ts';

// `vintedbot storage …`: the photo storage seen from the command line. `migrate` copies the photo files between the
// local folder and the S3-compatible bucket (both directions, hot and cold tiers), resumable: run it again after a
// cut and it skips what is already there. It needs the S3_* variables whatever STORAGE says; switch STORAGE after it.

export function storageCommands(program: Command, env: () => CliEnv) {
  const storage = program.command('storage').description('Photo storage: figures, lifecycle, migration / stockage des photos');

  storage.command('stats')
    .description('Bytes per storage tier and what the lifecycle would move next / octets par niveau')
    .action(async () => {
      const e = env();
      const s = await withContext((ctx) => ctx.storage.stats());
      const tiers = s.tiers.map((t) => `${t.tier} ${humanBytes(t.bytes)} (${t.objects})`).join(', ');
      print(e, s, `${s.backend}: ${tiers}; next: ${s.next.photos} photo(s)`);
    });

  storage.command('lifecycle')
    .option('--dry-run', 'count what would move, change nothing')
    .description('Run the lifecycle now: cold moves and orphan sweep / appliquer le cycle de vie')
    .action(async (o: { dryRun?: boolean }) => {
      const e = env();
      const r = await withContext((ctx) => ctx.storage.lifecycle.run({ dryRun: !!o.dryRun }));
      print(e, r, `${r.dry_run ? '(dry run) ' : ''}cold: ${r.moved.photos} photo(s), ${humanBytes(r.moved.bytes)}; orphans: ${r.orphans.objects} (${humanBytes(r.orphans.bytes)}); errors: ${r.errors}`);
    });

  storage.command('migrate')
    .addOption(new Option('--to <target>', 'where the photo files go').choices(['s3', 'local']).makeOptionMandatory())
    .description('Copy the photo files from the local folder to the S3 bucket, or back; resumable / migrer le stockage')
    .action(async (o: { to: 's3' | 'local' }) => {
      const e = env();
      const c = oneShotConfig();
      const { hot, cold } = await openS3Stores(c);
      const local = new LocalObjectStore(path.join(c.dataDir, 'photos'));
      const localCold = localColdStore(c);
      const tempDir = path.join(c.dataDir, 'tmp');
      const pairs: { name: string; from: ObjectStore; to: ObjectStore; prefix: string; mapKey: (k: string) => string; accept: (k: string) => boolean }[] = o.to === 's3'
        ? [
          { name: 'hot', from: local, to: hot, prefix: '', mapKey: (k) => `photos/${k}`, accept: (k) => KEY_RE.test(`photos/${k}`) },
          { name: 'cold', from: localCold, to: cold, prefix: 'photos/', mapKey: (k) => k, accept: (k) => KEY_RE.test(k) },
        ]
        : [
          { name: 'hot', from: hot, to: local, prefix: 'photos/', mapKey: (k) => k.slice('photos/'.length), accept: (k) => KEY_RE.test(k) },
          { name: 'cold', from: cold, to: localCold, prefix: 'photos/', mapKey: (k) => k, accept: (k) => KEY_RE.test(k) },
        ];
      const ctrl = new AbortController();
      const stop = () => ctrl.abort();
      process.once('SIGINT', stop);
      const results = [];
      try {
        for (const p of pairs) {
          let last = 0;
          const show = (m: MigrateProgress) => {
            // One line per 2 % (and the last): readable in a log, not a flood.
            if (e.json || (m.done !== m.total && m.done - last < Math.max(1, Math.floor(m.total / 50)))) return;
            last = m.done;
            process.stderr.write(`${p.name}: ${m.done}/${m.total} (${m.copied} copied, ${m.skipped} already there, ${m.failed} failed, ${humanBytes(m.bytes)})\n`);
          };
          const r = await migrateStore(p.from, p.to, { tempDir, prefix: p.prefix, mapKey: p.mapKey, accept: p.accept, onProgress: show, signal: ctrl.signal });
          results.push({ tier: p.name, from: p.from.label, to: p.to.label, ...r, errors: r.errors.slice(0, 100) });
        }
      } finally {
        process.off('SIGINT', stop);
      }
      const failed = results.reduce((n, r) => n + r.failed, 0);
      const line = results.map((r) => `${r.tier}: ${r.copied} copied, ${r.skipped} already there, ${r.failed} failed (${humanBytes(r.bytes)}) ${r.from} → ${r.to}`).join('\n')
        + (ctrl.signal.aborted ? '\nStopped: run the same command again to resume.' : failed ? '\nSome files failed: run the same command again to retry them.' : `\nDone: set STORAGE=${o.to} and restart.`);
      print(e, { to: o.to, stopped: ctrl.signal.aborted, tiers: results }, line);
      if (failed || ctrl.signal.aborted) process.exitCode = 1;
    });
}

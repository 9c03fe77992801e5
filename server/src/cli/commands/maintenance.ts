import type { Command } from 'commander';
import { closeContext } from '../../context.ts';
import { type CliEnv, openContext, print, withContext } from '../cli-context.ts';
import { humanBytes } from '../i18n.ts';

// The stock's upkeep, through the same services as POST /pricing/run and POST /maintenance/purge; and the schema.

export function maintenanceCommands(program: Command, env: () => CliEnv) {
  program.command('price-drop')
    .option('--dry-run', 'show what the drop would do, change no price')
    .description('Run the automatic price drop now (as the nightly schedule does) / lancer la baisse de prix')
    .action(async (o: { dryRun?: boolean }) => {
      const e = env();
      const r = await withContext((ctx) => ctx.priceDrops.run({ trigger: 'manual', dryRun: !!o.dryRun }));
      print(e, r, e.t('priceDrop.done', { dry: r.dry_run ? e.t('dry') : '', dropped: r.dropped, considered: r.considered, floor: r.reached_floor }));
    });

  program.command('purge')
    .option('--dry-run', 'count what would go, remove nothing')
    .description('Remove old drafts (per your settings), old logs and orphan photo files / purger')
    .action(async (o: { dryRun?: boolean }) => {
      const e = env();
      const r = await withContext((ctx) => ctx.purge.run({ dryRun: !!o.dryRun }));
      const logs = r.logs.job_runs + r.logs.scheduler_ticks + r.logs.price_drop_runs;
      print(e, r, e.t('purge.done', { dry: r.dry_run ? e.t('dry') : '', drafts: r.drafts.count, files: r.orphan_files.count, bytes: humanBytes(r.orphan_files.bytes), logs }));
    });

  program.command('migrate')
    .description('Apply the database migrations (they also run at every start) / migrer la base')
    .action(async () => {
      const e = env();
      const ctx = await openContext();
      const dialect = ctx.database.dialect;
      await closeContext(ctx);
      print(e, { ok: true, dialect }, e.t('migrate.done', { dialect }));
    });
}

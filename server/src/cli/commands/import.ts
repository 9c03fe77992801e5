import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { closeContext, type AppContext } from '../../context.ts';
import { BULK_JOB_KIND } from '../../modules/bulk/index.ts';
import { DataDirLockedError } from '../../platform/db/data-dir-lock.ts';
import { type CliEnv, EXIT, openContext } from '../cli-context.ts';
import { type JobCounters, stageView } from '../stage-bars.ts';
import { printImportSummary } from './import-summary.ts';
import { runRemoteImport } from './import-remote.ts';

// `vintedbot import <folder|zip>`: the bulk pipeline (scan, duplicates, grouping, categorising) on photos of this
// machine, against the local data folder, with a bar per stage; then the plan as a table. A dry run by default:
// nothing enters the stock until --execute, which creates the drafts (nothing is sent to Vinted).

const PHOTO = /\.(jpe?g|png|webp|heic|heif|avif|tiff?|gif)$/i;
const POLL_MS = 200;

/** The photos of a folder and its subfolders, in name order, named by their path in it (folder names are hints). */
export function photosIn(dir: string): { filename: string; path: string }[] {
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((e) => e.isFile() && PHOTO.test(e.name) && !e.name.startsWith('.'))
    .map((e) => path.join(e.parentPath, e.name))
    .sort()
    .map((p) => ({ filename: path.relative(dir, p).split(path.sep).join('/'), path: p }));
}

interface ImportOptions { plan?: boolean; execute?: boolean; resume?: string; mode?: 'auto' | 'sequence' | 'density'; server?: string; token?: string }

export function importCommand(program: Command, env: () => CliEnv) {
  program.command('import')
    .argument('[source]', 'a folder of photos (subfolders included) or a ZIP / un dossier de photos ou un ZIP')
    .description('Bulk import: group photos into articles and plan their listings (dry run unless --execute) / import en masse')
    .option('--plan', 'analyse, group and show the plan; nothing enters the stock (the default)')
    .option('--execute', 'also create the drafts in the stock (nothing is sent to Vinted)')
    .option('--resume <job>', 'follow (or resume) a job started earlier, e.g. after Ctrl-C')
    .option('--mode <mode>', 'grouping: auto, sequence or density')
    .option('--server <url>', 'run it on a running server (e.g. http://127.0.0.1:8001) instead of the local data folder')
    .option('--token <token>', 'the server\'s API_TOKEN (default: the API_TOKEN setting)')
    .action(async (source: string | undefined, o: ImportOptions) => {
      process.exitCode = await runImport(env(), source, o);
    });
}

async function runImport(env: CliEnv, source: string | undefined, o: ImportOptions): Promise<number> {
  const { t } = env;
  if (!source && !o.resume) {
    process.stderr.write(`${t('import.needSource')}\n`);
    return EXIT.usage;
  }
  let input: { files: { filename: string; path: string }[] } | { zip: string } | null = null;
  if (source) {
    const st = fs.statSync(source, { throwIfNoEntry: false });
    if (st?.isDirectory()) input = { files: photosIn(source) };
    else if (st?.isFile() && /\.zip$/i.test(source)) input = { zip: source };
    if (!input || ('files' in input && input.files.length === 0)) {
      process.stderr.write(`${t('import.notFound', { path: source })}\n`);
      return EXIT.usage;
    }
  }
  if (o.server) return runRemoteImport(env, { server: o.server, token: o.token ?? env.apiToken }, input, o);
  let ctx: AppContext;
  try {
    // Only bulk jobs run in this process: a queued price drop waits for the server. With REDIS_URL the workers run the
    // job (this process only enqueues and follows it, as the API does).
    ctx = await openContext({ runJobs: true, jobKinds: [BULK_JOB_KIND], jobRole: 'api' });
  } catch (e) {
    if (e instanceof DataDirLockedError) {
      process.stderr.write(`${t('import.locked')}\n`);
      return EXIT.cannotStart;
    }
    throw e;
  }
  let interrupted = false;
  let jobId = o.resume ?? '';
  const onSigint = () => { interrupted = true; };
  process.once('SIGINT', onSigint);
  try {
    let rejected: { filename: string; code: string }[] = [];
    if (input) {
      const r = await ctx.bulk.intake.fromLocal(input, o.mode ? { mode: o.mode } : {});
      jobId = r.job_id;
      rejected = r.rejected;
      if (!env.json) process.stderr.write(`${t('import.received', { files: r.files, job: jobId })}\n`);
      if (rejected.length && !env.json) process.stderr.write(`${t('import.rejected', { count: rejected.length, list: rejected.map((x) => `${x.filename} (${x.code})`).join(', ') })}\n`);
    }
    const view = env.json ? null : stageView(t);
    let status = 'processing';
    for (;;) {
      const { job, run, status: s } = await ctx.bulk.status.job(jobId);
      status = s;
      view?.update((await ctx.bulk.status.progress(job, run)) as JobCounters);
      if (status !== 'processing' || interrupted) break;
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
    view?.stop();
    if (interrupted && status === 'processing') {
      // The running job is told to stop; its row stays unfinished and the next start (or --resume) goes on from there.
      await ctx.jobs.stop();
      process.stderr.write(`\n${t('import.interrupted', { job: jobId })}\n`);
      return EXIT.interrupted;
    }
    return await summary(env, ctx, jobId, status, rejected, !!o.execute);
  } finally {
    process.off('SIGINT', onSigint);
    await closeContext(ctx);
  }
}

async function summary(env: CliEnv, ctx: AppContext, jobId: string, status: string, rejected: unknown[], execute: boolean): Promise<number> {
  const st = await ctx.bulk.status.status(jobId);
  const plan = status === 'completed' ? await ctx.bulk.plans.create({ job_id: jobId }) : null;
  const executed = plan && execute ? (await ctx.bulk.execute.execute({ plan_id: plan.plan_id, dry_run: true, noPublish: true })).results : null;
  return printImportSummary(env, { jobId, status, error: st.error, progress: st.progress, rejected, plan, executed });
}

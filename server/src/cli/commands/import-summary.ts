import { type CliEnv, EXIT, print } from '../cli-context.ts';
import { table } from '../stage-bars.ts';

// The end of `vintedbot import`, the same whether the job ran here or on a server: the plan as a table, the counts,
// and what --execute did (or how to do it).

export interface PlannedArticle { cluster_id: string; title: string; category: string | null; photo_ids: string[]; price: number }
export interface ExecutedGroup { cluster_id: string; ok: boolean; item_id: string | null; created?: boolean }
export interface ImportOutcome {
  jobId: string;
  status: string;
  error: string | null;
  progress: { total: number; duplicates: number; errors: number };
  rejected: unknown[];
  plan: { plan_id: string; items: PlannedArticle[] } | null;
  executed: ExecutedGroup[] | null;
}

export function printImportSummary(env: CliEnv, o: ImportOutcome): number {
  const { t } = env;
  if (o.status !== 'completed' || !o.plan) {
    const line = o.status === 'failed' ? t('import.failed', { error: o.error ?? '' }) : t('import.cancelled');
    print(env, { job_id: o.jobId, status: o.status, error: o.error }, line);
    return EXIT.failed;
  }
  const p = o.progress;
  const failed = o.executed?.filter((r) => !r.ok).length ?? 0;
  if (env.json) {
    print(env, {
      job_id: o.jobId, status: o.status, photos: p.total, duplicates: p.duplicates, errors: p.errors, rejected: o.rejected, plan_id: o.plan.plan_id,
      articles: o.plan.items.map((i) => ({ cluster_id: i.cluster_id, title: i.title, category: i.category, photos: i.photo_ids.length, price: i.price })),
      executed: o.executed?.map((r) => ({ cluster_id: r.cluster_id, ok: r.ok, item_id: r.item_id, created: r.created ?? false })) ?? null,
    }, '');
    return failed ? EXIT.failed : EXIT.ok;
  }
  const rows = o.plan.items.map((i, n) => [n + 1, i.category ?? '?', i.photo_ids.length, i.title.length > 48 ? `${i.title.slice(0, 47)}…` : i.title, `${i.price.toFixed(2)} €`]);
  process.stdout.write(`\n${table([t('table.group'), t('table.category'), t('table.photos'), t('table.title'), t('table.price')], rows)}\n\n`);
  process.stdout.write(`${t('import.done', { job: o.jobId, photos: p.total, groups: o.plan.items.length, duplicates: p.duplicates, errors: p.errors })}\n`);
  if (!o.executed) {
    process.stdout.write(`${t('import.dryRun', { job: o.jobId })}\n`);
    return EXIT.ok;
  }
  const created = o.executed.filter((r) => r.ok && r.created).length;
  const existing = o.executed.filter((r) => r.ok && !r.created).length;
  process.stdout.write(`${t('import.executed', { created, existing, failed })}\n`);
  return failed ? EXIT.failed : EXIT.ok;
}

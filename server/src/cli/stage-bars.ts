import cliProgress from 'cli-progress';
import type { Translate } from './i18n.ts';

/** The bulk job's live counters as the job row holds them (modules/bulk's BulkProgress). */
export interface JobCounters {
  stage: string; total: number; scanned: number; duplicates: number; clusters: number; categorised: number; queue: number; errors: number;
}

// The bars the seller watches, in the pipeline's order; the "analysed" stage is quick bookkeeping and has no bar.
const BARS = [
  { stage: 'scanned', key: 'stage.scanned' },
  { stage: 'deduplicated', key: 'stage.deduplicated' },
  { stage: 'grouped', key: 'stage.grouped' },
  { stage: 'categorised', key: 'stage.categorised' },
] as const;
const ORDER = ['received', 'scanned', 'deduplicated', 'analysed', 'grouped', 'categorised', 'completed'];

/** One stage's done/of and what it found so far, worked out from the job's counters. */
function stageValue(stage: (typeof BARS)[number]['stage'], c: JobCounters): { done: number; of: number; detail: string } {
  const now = ORDER.indexOf(c.stage);
  const at = ORDER.indexOf(stage);
  const finished = now > at;
  switch (stage) {
    case 'scanned': return { done: c.scanned, of: Math.max(c.total, 1), detail: `${c.scanned}/${c.total}` };
    case 'deduplicated': return { done: finished ? 1 : 0, of: 1, detail: finished ? `${c.duplicates}` : '' };
    case 'grouped': return { done: finished ? 1 : 0, of: 1, detail: finished || c.clusters ? `${c.clusters}` : '' };
    case 'categorised': {
      const of = Math.max(c.clusters, 1);
      return { done: c.stage === 'completed' ? of : now === at ? c.categorised : 0, of, detail: now >= at ? `${c.categorised}/${c.clusters}` : '' };
    }
  }
}

export interface StageView { update(c: JobCounters): void; stop(): void }

/**
 * A live bar per stage on a terminal; on anything else (a pipe, a log file, CI) one plain line each time a stage
 * moves on or a tenth more of it is done, so logs stay readable. Written to stderr: stdout keeps the results.
 */
export function stageView(t: Translate, out: NodeJS.WriteStream = process.stderr): StageView {
  const names = BARS.map((b) => t(b.key));
  const width = Math.max(...names.map((n) => n.length));
  if (out.isTTY) {
    const multi = new cliProgress.MultiBar({
      stream: out, format: '{name} |{bar}| {percentage}% {detail}', barCompleteChar: '█', barIncompleteChar: '░', hideCursor: true,
      clearOnComplete: false, autopadding: true, fps: 10,
    });
    const bars = BARS.map((_, i) => multi.create(1, 0, { name: names[i].padEnd(width), detail: '' }));
    return {
      update(c) {
        BARS.forEach((b, i) => {
          const v = stageValue(b.stage, c);
          bars[i].setTotal(v.of);
          bars[i].update(Math.min(v.done, v.of), { detail: v.detail });
        });
      },
      stop: () => multi.stop(),
    };
  }
  const last = new Map<string, number>();
  return {
    update(c) {
      BARS.forEach((b, i) => {
        const v = stageValue(b.stage, c);
        const pct = Math.floor((100 * Math.min(v.done, v.of)) / v.of);
        const tenth = Math.floor(pct / 10);
        if (pct === 0 && !last.has(b.stage) && ORDER.indexOf(c.stage) < ORDER.indexOf(b.stage)) return; // not started yet
        if (last.get(b.stage) === tenth) return;
        last.set(b.stage, tenth);
        out.write(`${names[i].padEnd(width)}  ${String(pct).padStart(3)}%  ${v.detail}\n`);
      });
    },
    stop() {},
  };
}

/** A plain text table (header, rule, rows), columns as wide as their widest cell. */
export function table(head: string[], rows: (string | number)[][]): string {
  const cells = [head, ...rows.map((r) => r.map(String))];
  const widths = head.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  return [line(head), widths.map((w) => '─'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

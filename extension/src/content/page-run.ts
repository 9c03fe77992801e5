import { ext } from '../messages.ts';
import { pause } from './dom-input.ts';

// An import that spans the site's pages (sales, wardrobe), started by one click of the seller: the panel reads the
// page it is on, then opens the next one the way the seller would (the page's own "next" link) and goes on there.
// What is done so far lives in storage between pages; a run left alone for ten minutes is forgotten, and the
// seller can stop it at any time. One page at a time, with a pause between pages: a person's pace, not a crawl.

export type RunKind = 'sales' | 'wardrobe';
export interface Run { kind: RunKind; at: number; pages: number; counts: Record<string, number>; notes: string[] }

const KEY = 'pageRun';
const STALE_MS = 10 * 60_000;
/** Between two pages of an import. */
export const PAGE_PAUSE_MS = 1200;

export async function currentRun(kind: RunKind): Promise<Run | null> {
  const { [KEY]: run } = (await ext.storage.local.get(KEY)) as { [KEY]?: Run };
  return run && run.kind === kind && Date.now() - run.at < STALE_MS ? run : null;
}

export const startRun = (kind: RunKind): Run => ({ kind, at: Date.now(), pages: 0, counts: {}, notes: [] });
export const stopRun = () => ext.storage.local.remove(KEY);

export function add(run: Run, counts: Record<string, number>, notes: string[] = []) {
  for (const [k, v] of Object.entries(counts)) run.counts[k] = (run.counts[k] ?? 0) + v;
  run.notes.push(...notes);
  run.notes = run.notes.slice(-50);
}

/** The page's own link to the next page, or null on the last one. */
export function nextPageLink(): HTMLAnchorElement | null {
  const a = document.querySelector<HTMLAnchorElement>('a[rel="next"], [data-testid="pagination-next"], a[aria-label="Page suivante"], a[aria-label="Next page"]');
  return a && !a.closest('#vintedbot-panel-host') && a.href ? a : null;
}

/** After a page is done: on to the next page (true), or the run is over (false, storage cleared). */
export async function continueRun(run: Run): Promise<boolean> {
  run.pages += 1;
  run.at = Date.now();
  const next = nextPageLink();
  if (!next) {
    await stopRun();
    return false;
  }
  await ext.storage.local.set({ [KEY]: run });
  await pause(PAGE_PAUSE_MS);
  // The run may have been stopped during the pause.
  if (!(await currentRun(run.kind))) return false;
  location.assign(next.href);
  return true;
}

/** "27,50 €", "€27.50", "1 234,00 €", "£12" → 27.5, 27.5, 1234, 12; null when there is no amount. */
export function parsePrice(text: string | null | undefined): number | null {
  const m = /(\d{1,3}(?:[\s\u00a0\u202f.]\d{3})*|\d+)(?:[.,](\d{1,2}))?/.exec(text ?? '');
  if (!m) return null;
  return Number(m[1].replace(/[\s\u00a0\u202f.]/g, '')) + (m[2] ? Number(m[2].padEnd(2, '0')) / 100 : 0);
}

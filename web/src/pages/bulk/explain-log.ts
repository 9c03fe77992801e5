// "Pourquoi ces photos ensemble ?": the job's decision log in the seller's words and language. The server logs each
// decision as a rule code with its evidence (probabilities, seconds, catalogue keys) for developers; this turns the
// rule and evidence into a sentence, and never shows the raw log line.
import type { Dict, Lang } from '../../i18n/index.tsx';
import { categoryLabel, colourLabel } from '../../lib/vocabulary.ts';

export interface LogEntry {
  rule: string;
  photos: { id: string; filename: string | null }[];
  evidence: Record<string, unknown>;
}

const num = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);
/** The file's own name, without the folders of the archive it came from. */
const shortName = (f: string | null | undefined) => (f ? (f.split('/').pop() ?? f) : '');

function likeness(w: Dict['bulk']['board']['whyText'], p: number | null): string {
  if (p === null) return w.likeness.clear;
  return w.likeness[p >= 0.9 ? 'strong' : p >= 0.75 ? 'clear' : p >= 0.5 ? 'fair' : 'weak'];
}

export function explainEntry(e: LogEntry, t: Dict, lang: Lang): string {
  const w = t.bulk.board.whyText;
  const names = e.photos.map((p) => shortName(p.filename) || p.id.slice(0, 8));
  const pct = (x: number | null) => (x === null ? '' : `${new Intl.NumberFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { maximumFractionDigits: 0 }).format(x * 100)} %`);
  const ev = e.evidence ?? {};
  if (e.rule === 'consecutive_shots') {
    if (names.length <= 1) return w.alone(names[0] ?? '');
    return w.sequence(names[0], names.at(-1)!, names.length, likeness(w, num(ev.mean_probability)));
  }
  if (e.rule === 'new_garment') {
    const gap = num(ev.gap_s);
    const gapText = gap === null ? '' : gap < 90 ? `${gap} s` : `${Math.round(gap / 60)} min`;
    return w.newGarment(names[1] ?? names[0] ?? '', names[0] ?? '', gapText);
  }
  if (e.rule === 'look_alike') return w.lookAlike(names.length, likeness(w, num(ev.mean_probability)));
  if (e.rule === 'no_dense_neighbourhood') return w.lonely(names[0] ?? '');
  if (e.rule === 'same_garment_centre') return w.sameCentre(names[0] ?? '', names[1] ?? '');
  if (e.rule === 'close_up_alone') return w.closeUpAlone(names[0] ?? '');
  if (e.rule.startsWith('close_up_')) {
    const why = w.closeUpWhy[e.rule.slice('close_up_'.length)];
    return why ? w.closeUp(names[0] ?? '', why) : w.other;
  }
  if (e.rule === 'few_photos') return w.fewPhotos(num(ev.photos) ?? names.length);
  if (e.rule === 'categorised') {
    const votes = Object.entries((ev.votes ?? {}) as Record<string, unknown>)
      .flatMap(([k, v]) => (num(v) === null ? [] : [[k, num(v)!] as const]))
      .sort((a, b) => b[1] - a[1]);
    const labels = Array.isArray(ev.labels) && ev.labels.length > 0 ? ` ${w.labelRead}` : '';
    // The colours are catalogue keys; a second one often comes from the table or floor the garment lies on.
    const keys = Array.isArray(ev.colours) ? ev.colours.filter((c): c is string => typeof c === 'string') : [];
    const colours = keys.length ? ` ${w.colours(keys.map((k) => colourLabel(k, lang).toLowerCase()).join(', '))}${keys.length > 1 ? ` ${w.colourBackground}` : ''}` : '';
    if (!votes.length) return w.noCategory + labels + colours;
    const [best, score] = votes[0];
    // The server keeps a classifier's category from 0.45 (CATEGORY_MIN_SCORE); below, the plan warns and the seller picks.
    return (score >= 0.45 ? w.category(categoryLabel(best, lang), pct(score)) : w.categoryUnsure(categoryLabel(best, lang))) + labels + colours;
  }
  if (e.rule === 'edit_merge') return w.merged;
  if (e.rule === 'edit_move') return w.moved(names.length);
  if (e.rule === 'edit_split') return w.split(names.length);
  if (e.rule === 'edit_order') return w.reordered;
  if (e.rule === 'edit_cover') return w.cover;
  if (e.rule === 'edit_keep_duplicate') return w.keptDuplicate(names[0] ?? '');
  if (e.rule === 'edit_fields') {
    const b = t.bulk.board;
    const label: Record<string, string> = { category: b.category, color: b.color, color_secondary: b.color2, brand: b.brand, size: b.size };
    const parts = Object.entries(ev).flatMap(([k, v]) => {
      if (!label[k]) return [];
      const value = v === null || v === '' ? w.none : k === 'category' ? categoryLabel(String(v), lang) : k.startsWith('color') ? colourLabel(String(v), lang) : String(v);
      return [`${label[k].toLowerCase()} = ${value}`];
    });
    return parts.length ? w.fields(parts.join(', ')) : w.other;
  }
  return w.other;
}

/**
 * The group's log as sentences, oldest first. A group is measured again after each fix that changes its photos, so
 * only its latest "categorised" line is kept: the earlier ones describe photos it no longer has and would contradict it.
 */
export function explainLog(entries: LogEntry[], t: Dict, lang: Lang): string[] {
  const lastCategorised = entries.map((e) => e.rule).lastIndexOf('categorised');
  const kept = entries.filter((e, i) => e.rule !== 'categorised' || i === lastCategorised);
  return [...new Set(kept.map((e) => explainEntry(e, t, lang)))];
}

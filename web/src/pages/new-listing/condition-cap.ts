import { CONDITION_CAP, CONDITIONS, type Defect } from '@vintedbot/catalog';
import type { Lang } from '../../i18n/types.ts';
import { conditionLabel } from '../../lib/vocabulary.ts';

// Why the condition field shows a lower condition than the seller gave: the worst defect caps it (the server's
// analysis/defects.ts conditionWithDefects: minor → at best "très bon état", moderate → "bon état", major →
// "satisfaisant"). The server's own note (`defects_note`) is French only; this says it in the seller's language.

const rank = (c: string) => CONDITIONS.indexOf(c as (typeof CONDITIONS)[number]);

/**
 * The line under the condition when the defects decide it (the condition shown is the cap of the worst defect),
 * naming the defects that cap it; null when no defect holds the condition down.
 */
export function conditionCapNote(
  condition: string | null | undefined,
  defects: readonly Defect[],
  lang: Lang,
  words: { types: Record<string, string>; severities: Record<string, string> },
  say: (condition: string, count: number, defects: string) => string,
): string | null {
  if (!condition || !defects.length) return null;
  const cap = defects.map((d) => CONDITION_CAP[d.severity]).reduce((a, b) => (rank(a) >= rank(b) ? a : b));
  if (cap !== condition) return null;
  const capping = defects.filter((d) => CONDITION_CAP[d.severity] === cap);
  const named = [...new Set(capping.map((d) => `${words.types[d.type] ?? d.type} (${words.severities[d.severity] ?? d.severity})`))];
  return say(conditionLabel(cap, lang), capping.length, named.join(', '));
}

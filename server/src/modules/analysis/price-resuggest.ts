import { type Defect, DEFECT_SEVERITIES, DEFECT_TYPES } from '@vintedbot/catalog';
import type { PriceSuggester } from '../listings/index.ts';
import { suggestPrice } from '../pricing/index.ts';
import type { AnalysisService } from './analysis.service.ts';
import { boundDefect, defectPrice } from './defects.ts';

/**
 * The suggestion the stock asks for when the seller changes what an item was priced on (its category, brand,
 * condition…): the intake's own computation (the price rules, the model learned from the seller's sales, the
 * defects the analysis read and kept in `extra.facts`) on the item as it will be saved.
 */
export function priceSuggester(analysis: Pick<AnalysisService, 'settings' | 'learnedPrices'>, now: () => Date = () => new Date()): PriceSuggester {
  return (item, stored) => {
    const s = suggestPrice({
      category: item.category ?? null, brand: item.brand ?? null, condition: item.condition ?? null, size: item.size ?? null, gender: item.gender ?? null,
      colors: item.colors ?? [], photoCount: stored.photoCount, month: now().getMonth() + 1, defects: defectPrice(savedDefects(stored.extra, stored.photoCount)),
    }, analysis.settings.priceRules, analysis.learnedPrices());
    return { min: s.min_cents / 100, target: s.target_cents / 100, max: s.max_cents / 100, justification: s.justification };
  };
}

/** The defects the analysis kept with the item (an item made by hand or imported has none). */
function savedDefects(extra: string, photoCount: number): Defect[] {
  try {
    const items = (JSON.parse(extra) as { facts?: { defect_items?: unknown } }).facts?.defect_items;
    if (!Array.isArray(items)) return [];
    const known = (d: unknown): d is Defect => !!d && typeof d === 'object' && (DEFECT_TYPES as readonly unknown[]).includes((d as Defect).type)
      && (DEFECT_SEVERITIES as readonly unknown[]).includes((d as Defect).severity);
    return items.filter(known).map((d) => boundDefect(d, Math.max(1, photoCount)));
  } catch {
    return [];
  }
}

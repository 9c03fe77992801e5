import { type Defect, DEFECT_SEVERITIES, DEFECT_TYPES, findKnownBrand } from '@vintedbot/catalog';
import type { ItemAppraiser } from '../listings/index.ts';
import { suggestPrice } from '../pricing/index.ts';
import type { AnalysisService } from './analysis.service.ts';
import { boundDefect, defectPrice } from './defects.ts';
import { saleScore, type SaleScoreFactor } from './sale-score.ts';

/**
 * What the stock asks when the seller changes what an item was priced or scored on (its category, brand, condition,
 * price…): the intake's own computations on the item as it will be saved. The price: the rules, the model learned
 * from the seller's sales, the defects the analysis read and kept in `extra.facts`. The score: its factors again,
 * except the photos' quality, measured at intake and not re-measured here (its points are kept).
 */
export function itemAppraiser(analysis: Pick<AnalysisService, 'settings' | 'learnedPrices'>, now: () => Date = () => new Date()): ItemAppraiser {
  const rules = () => analysis.settings.priceRules;
  return {
    suggest(item, stored) {
      const s = suggestPrice({
        category: item.category ?? null, brand: item.brand ?? null, condition: item.condition ?? null, size: item.size ?? null, gender: item.gender ?? null,
        colors: item.colors ?? [], photoCount: stored.photoCount, month: now().getMonth() + 1, defects: defectPrice(savedDefects(stored.extra, stored.photoCount)),
      }, rules(), analysis.learnedPrices());
      return { min: s.min_cents / 100, target: s.target_cents / 100, max: s.max_cents / 100, justification: s.justification };
    },
    score(item, stored) {
      if (!item.price_suggestion) return null;
      const reference = Math.round(item.price_suggestion.target * 100);
      const s = saleScore({
        brandTier: findKnownBrand(item.brand ?? null, rules().brands)?.tier ?? null, brandKnown: !!item.brand,
        priceCents: item.price === null || item.price === undefined ? reference : Math.round(item.price * 100), referenceCents: reference,
        condition: item.condition ?? null, category: item.category ?? null, month: now().getMonth() + 1, photoQualities: [], photoCount: stored.photoCount,
      });
      const kept = keptPhotoQuality(stored.breakdown);
      const breakdown = s.breakdown.map((f) => (f.factor === 'photo_quality' && kept ? kept : f));
      return { score: Math.max(0, Math.min(100, breakdown.reduce((a, f) => a + f.points, 0))), breakdown };
    },
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

/** The photo-quality factor of a stored breakdown, when it has a well-formed one. */
function keptPhotoQuality(breakdown: string): SaleScoreFactor | null {
  try {
    const f = (JSON.parse(breakdown) as unknown[]).find((x): x is SaleScoreFactor => !!x && typeof x === 'object' && (x as SaleScoreFactor).factor === 'photo_quality');
    return f && Number.isFinite(f.points) && f.points >= 0 && f.points <= f.max && typeof f.detail === 'string' ? f : null;
  } catch {
    return null;
  }
}

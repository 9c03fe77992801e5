import type { JsonSetting } from '../../platform/settings/json-setting.ts';
import { eurosOrNull } from '../../platform/money.ts';
import type { ListingsService } from '../listings/index.ts';
import type { PriceDropService } from '../pricing/index.ts';
import type { RecommendationSettings } from './recommendations.settings.ts';

export type RecommendationAction = 'resolve_duplicate' | 'republish' | 'reprice';
export type ReasonCode = 'possible_duplicate' | 'listed_too_long' | 'at_floor' | 'low_sale_score';

export interface Recommendation {
  item_id: string;
  title: string;
  status: string;
  price: number | null;
  action: RecommendationAction;
  priority: number;
  /** The code and its parameters are for the app to word in the seller's language; the message is English. */
  reasons: { code: ReasonCode; message: string; params: Record<string, unknown> }[];
}

// Weights order the list: a duplicate blocks a clean stock, a stale listing loses visibility, a floored price has
// nowhere left to go, a low score is a hint. Several reasons add up.
const WEIGHT: Record<ReasonCode, number> = { possible_duplicate: 50, listed_too_long: 40, at_floor: 30, low_sale_score: 20 };
const ACTION: Record<ReasonCode, RecommendationAction> = {
  possible_duplicate: 'resolve_duplicate', listed_too_long: 'republish', at_floor: 'reprice', low_sale_score: 'reprice',
};

export class RecommendationsService {
  constructor(
    private readonly listings: Pick<ListingsService, 'reviewStock'>,
    private readonly priceDrops: Pick<PriceDropService, 'settings'>,
    readonly settings: JsonSetting<RecommendationSettings>,
  ) {}

  /**
   * Items to act on, best first. Listings reads each reason from its own index, a bounded number of items each, so
   * the answer costs the same at 10 k or 1 M items; the weights and messages are decided here.
   */
  async list(limit = 50, now = new Date()): Promise<{ items: Recommendation[]; thresholds: RecommendationSettings }> {
    const s = await this.settings.get();
    const minFloor = Math.round((await this.priceDrops.settings.get()).min_floor * 100);
    const day = 86_400_000;
    const rows = await this.listings.reviewStock({
      limit,
      listedBefore: new Date(now.getTime() - s.listed_days * day).toISOString(),
      unchangedSince: new Date(now.getTime() - s.floor_days * day).toISOString(),
      minFloorCents: minFloor,
      lowScore: s.low_score,
      weights: { duplicate: WEIGHT.possible_duplicate, listedTooLong: WEIGHT.listed_too_long, atFloor: WEIGHT.at_floor, lowScore: WEIGHT.low_sale_score },
    });
    const items = rows.map((r): Recommendation => {
      const reasons: Recommendation['reasons'] = [];
      if (r.duplicate) reasons.push({ code: 'possible_duplicate', message: 'Possible duplicate of another item: keep one, archive or merge the other', params: {} });
      if (r.listed_too_long) {
        const days = Math.floor((now.getTime() - Date.parse(r.listed_at!)) / day);
        reasons.push({ code: 'listed_too_long', message: `Listed for ${days} days (more than ${s.listed_days}): republish it to get back to the top of searches`, params: { days, threshold: s.listed_days } });
      }
      if (r.at_floor) reasons.push({ code: 'at_floor', message: `At its floor price with no change for ${s.floor_days} days or more: lower the floor or rework the listing`, params: { days: s.floor_days } });
      if (r.low_score) reasons.push({ code: 'low_sale_score', message: `Sale score ${r.estimated_sale_score} is under ${s.low_score}: the price or the listing needs work`, params: { score: r.estimated_sale_score, threshold: s.low_score } });
      return {
        item_id: r.id, title: r.title, status: r.status, price: eurosOrNull(r.price_cents),
        action: ACTION[reasons[0].code], priority: r.priority, reasons,
      };
    });
    return { items, thresholds: s };
  }
}

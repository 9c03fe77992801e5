import { DEFAULT_SPREAD } from '../base-prices.ts';
import type { PriceRules } from '../price-rules.ts';
import { plainRound, type PriceInput, type PriceSuggestion, psychologicalRound, suggestPrice } from '../price-suggestion.ts';
import { activeValues, indexOf, type SaleFacts } from './price-features.ts';
import { predictRaw, type SerializedPriceModel } from './price-model-fit.ts';

// The price model learned from the seller's sales, in use (issue 18 point 6): it corrects the table's price by what
// the seller's own sales showed, the rules' spread gives min and max, and the justification names the model, how many
// sales it learnt from, the effects that moved this item's price and its measured error against the table's, so the
// seller knows why this price and not the table's.

export interface LearnedModelInfo {
  sales: number;
  modelMaeCents: number;
  rulesMaeCents: number;
  trainedAt: string;
}

const euros = (cents: number) => `${(cents / 100).toFixed(2).replace('.', ',')} €`;
const times = (x: number) => `×${x.toFixed(2).replace('.', ',')}`;
/** Effects smaller than this (±5 %) are not worth a word. */
const NOTABLE = Math.log(1.05);

export class LearnedPricer {
  private readonly index: Map<string, number>;

  constructor(private readonly model: SerializedPriceModel, readonly info: LearnedModelInfo) {
    this.index = indexOf(model.vocabulary);
  }

  suggest(input: PriceInput, rules: PriceRules): PriceSuggestion {
    const byRules = suggestPrice(input, rules);
    const item: SaleFacts = {
      category: input.category, brand: input.brand, condition: input.condition, size: input.size ?? null, gender: input.gender ?? null,
      colors: input.colors ?? [], photos: input.photoCount ?? 0, month: input.month ?? new Date().getMonth() + 1, daysListed: 0, drops: 0,
    };
    // Disclosed defects lower the price the same way under the model as under the table (their factor and words).
    const defect = input.defects ?? null;
    const rawTarget = Math.round(predictRaw(this.model, item, rules) * (defect?.factor ?? 1));
    const round = rules.rounding === 'none' ? plainRound : psychologicalRound;
    const spread = rules.spread ?? DEFAULT_SPREAD;
    const target = round(rawTarget);
    const min = Math.min(round(rawTarget * (1 - spread)), target);
    const max = Math.max(round(rawTarget * (1 + spread)), target);
    const { sales, modelMaeCents, rulesMaeCents } = this.info;
    const effects = activeValues(item, this.index)
      .map((v) => ({ v, w: this.model.weights[this.index.get(v)!] }))
      .filter((e) => Math.abs(e.w) >= NOTABLE)
      .sort((a, b) => Math.abs(b.w) - Math.abs(a.w))
      .slice(0, 3)
      .map((e) => `${e.v.split(':').slice(1).join(' ')} ${times(Math.exp(e.w))}`);
    const justification = `Prix appris sur vos ${sales} ventes : barème ${euros(byRules.factors.raw_target_cents)}`
      + `${effects.length ? `, corrigé par vos ventes (${effects.join(', ')})` : ', corrigé par vos ventes'}`
      + `${defect ? `, ${defect.label} ${times(defect.factor)}` : ''} = ${euros(rawTarget)}, arrondi ${euros(target)} ; `
      + `fourchette ${euros(min)}–${euros(max)}. Sur vos ventes les plus récentes, ce modèle s'écartait en moyenne de ${euros(modelMaeCents)} `
      + `du prix de vente, le barème seul de ${euros(rulesMaeCents)}.`;
    return {
      min_cents: min, target_cents: target, max_cents: max, justification,
      factors: { ...byRules.factors, raw_target_cents: rawTarget, source: 'seller_model', model: { sales, mae_cents: modelMaeCents, rules_mae_cents: rulesMaeCents } },
    };
  }
}

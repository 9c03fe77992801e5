import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { SalesHistory, SoldItemFacts } from '../../analytics/index.ts';
import { eurosOrNull } from '../../../platform/money.ts';
import type { PriceRules } from '../price-rules.ts';
import { plainRound, psychologicalRound } from '../price-suggestion.ts';
import { LearnedPricer } from './learned-pricer.ts';
import { fitPriceModel, MAX_SALES, MIN_SALES, type Sale, type SerializedPriceModel } from './price-model-fit.ts';
import type { PriceModelRepository } from './price-model.repository.ts';
import { requireOwner } from '../../../platform/security/owner-scope-plugin.ts';
import { ownerScope } from '../../../platform/security/owner-scope.ts';

// The seller's price model (issue 18 point 6): trained nightly and on demand from their sales, judged against the
// rules on the newest ones, and handed to the price suggestion only while the latest run chose it.

export type TrainTrigger = 'schedule' | 'seller';

export interface PriceModelStatus {
  min_sales: number;
  /** Sales the next run would learn from (the most recent MAX_SALES). */
  sales_available: number;
  in_use: boolean;
  last_run: null | {
    trained_at: string;
    trigger: string;
    sales: number;
    train_sales: number;
    test_sales: number;
    model_error: number | null;
    rules_error: number | null;
    used: boolean;
    reason: string;
  };
}

/** price_models keys its rows by owner itself (migration 0018): the owner of the current work (issue 20). */
const owner = () => requireOwner('price_models');
/** Runs kept: enough to see the trend of the last week and a half of nightly retrains. */
const KEEP_RUNS = 10;

const colours = (json: string): string[] => {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? v.filter((c): c is string => typeof c === 'string') : [];
  } catch {
    return [];
  }
};

export function saleOf(r: SoldItemFacts): Sale {
  const listed = r.listed_at ?? r.created_at;
  const days = Math.max(0, (Date.parse(r.sold_at) - Date.parse(listed)) / 86_400_000);
  return {
    category: r.category, brand: r.brand, condition: r.condition, size: r.size, gender: r.gender, colors: colours(r.colors), photos: r.photos,
    month: new Date(listed).getUTCMonth() + 1, daysListed: Number.isFinite(days) ? days : 0, drops: r.drops, salePriceCents: r.sale_price_cents, soldAt: r.sold_at,
  };
}

export class PriceModelService {
  /** Each owner's model in use (issue 20), loaded at start-up for the single seller, on first use for the others. */
  private readonly pricers = new Map<string, LearnedPricer | null>();
  private readonly running = new Map<string, Promise<PriceModelStatus>>();

  constructor(private readonly d: { repo: PriceModelRepository; sales: SalesHistory; rules: PriceRules; log: Logger; now?: () => Date }) {}

  /** Loads the model the latest run chose, if any (at start-up). A model the code can no longer read is ignored. */
  async load(): Promise<void> {
    const who = owner();
    const row = await this.d.repo.inUse(who);
    this.pricers.set(who, null);
    if (!row?.model) return;
    try {
      const model = JSON.parse(row.model) as SerializedPriceModel;
      this.pricers.set(who, new LearnedPricer(model, { sales: row.sales, modelMaeCents: row.model_mae_cents ?? 0, rulesMaeCents: row.rules_mae_cents ?? 0, trainedAt: row.trained_at }));
    } catch (e) {
      this.d.log.warn({ err: e, run: row.id }, 'the stored price model could not be read: the rules price until the next training');
    }
  }

  /** The model the price suggestion uses, or null: the rules. */
  current(): LearnedPricer | null {
    const who = ownerScope.current();
    if (!who) return null;
    if (!this.pricers.has(who)) {
      this.pricers.set(who, null);
      void this.load().catch((err) => this.d.log.warn({ err }, 'could not load the price model: the rules price'));
    }
    return this.pricers.get(who) ?? null;
  }

  async status(): Promise<PriceModelStatus> {
    const [available, last] = await Promise.all([this.d.sales.soldCount(), this.d.repo.latest(owner())]);
    return {
      min_sales: MIN_SALES,
      sales_available: Math.min(available, MAX_SALES),
      in_use: (this.pricers.get(owner()) ?? null) !== null,
      last_run: last && {
        trained_at: last.trained_at, trigger: last.trigger, sales: last.sales, train_sales: last.train_sales, test_sales: last.test_sales,
        model_error: eurosOrNull(last.model_mae_cents), rules_error: eurosOrNull(last.rules_mae_cents), used: last.used === 1, reason: last.reason,
      },
    };
  }

  /** Trains on the latest sales, records the run and switches the suggestion to the winner. One run at a time. */
  train(trigger: TrainTrigger): Promise<PriceModelStatus> {
    const who = owner();
    let run = this.running.get(who);
    if (!run) {
      run = this.run(trigger).finally(() => this.running.delete(who));
      this.running.set(who, run);
    }
    return run;
  }

  private async run(trigger: TrainTrigger): Promise<PriceModelStatus> {
    const sales = (await this.d.sales.soldItems(MAX_SALES)).map(saleOf);
    const round = this.d.rules.rounding === 'none' ? plainRound : psychologicalRound;
    const out = await fitPriceModel(sales, this.d.rules, round);
    const trainedAt = (this.d.now?.() ?? new Date()).toISOString();
    await this.d.repo.record({
      id: randomUUID(), owner: owner(), trained_at: trainedAt, trigger, sales: out.sales, train_sales: out.trainSales, test_sales: out.testSales,
      model_mae_cents: out.modelMaeCents, rules_mae_cents: out.rulesMaeCents, used: out.used ? 1 : 0, reason: out.reason,
      model: out.model ? JSON.stringify(out.model) : null,
    }, KEEP_RUNS);
    await this.load();
    this.d.log.info({ trigger, sales: out.sales, model_mae_cents: out.modelMaeCents, rules_mae_cents: out.rulesMaeCents, used: out.used }, 'price model trained');
    return this.status();
  }
}

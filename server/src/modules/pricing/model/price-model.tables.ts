import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';

// Row type of the price models learned from the seller's sales (migration 0018-price-models), beside their owner.
export interface PriceModelsTable {
  id: string;
  /** The seller ('local' until accounts exist). */
  owner: string;
  trained_at: string;
  /** What started the run: the nightly schedule or the seller's button. */
  trigger: string;
  sales: number;
  train_sales: number;
  test_sales: number;
  model_mae_cents: number | null;
  rules_mae_cents: number | null;
  /** 1 when it beat the rules on the newer sales and sets the suggestion. */
  used: number;
  reason: string;
  /** JSON of the serialized model when used, else null. */
  model: string | null;
}

export type PriceModelTables = { price_models: PriceModelsTable };
export type PriceModelDb = Kysely<Database & PriceModelTables>;
export const priceModelDb = (db: Kysely<Database>) => db as unknown as PriceModelDb;

import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import { priceModelDb, type PriceModelDb, type PriceModelsTable } from './price-model.tables.ts';

/** The record of each training run of the seller's price model, and the model in use. */
export class PriceModelRepository {
  private readonly db: PriceModelDb;

  constructor(db: Kysely<Database>) {
    this.db = priceModelDb(db);
  }

  /** Records a run and keeps the `keep` most recent ones (a model is a few hundred kB). */
  async record(row: PriceModelsTable, keep: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto('price_models').values(row).execute();
      const old = await trx.selectFrom('price_models').select('id').where('owner', '=', row.owner)
        .orderBy('trained_at', 'desc').orderBy('id', 'desc').offset(keep).limit(1000).execute();
      if (old.length) await trx.deleteFrom('price_models').where('id', 'in', old.map((o) => o.id)).execute();
    });
  }

  /** The newest run (whatever its outcome), without the model's bytes. */
  async latest(owner: string): Promise<Omit<PriceModelsTable, 'model'> | null> {
    return (await this.db.selectFrom('price_models')
      .select(['id', 'owner', 'trained_at', 'trigger', 'sales', 'train_sales', 'test_sales', 'model_mae_cents', 'rules_mae_cents', 'used', 'reason'])
      .where('owner', '=', owner).orderBy('trained_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst()) ?? null;
  }

  /** The model of the newest run when that run chose it (a newer run that lost to the rules retires it). */
  async inUse(owner: string): Promise<PriceModelsTable | null> {
    const row = await this.db.selectFrom('price_models').selectAll().where('owner', '=', owner)
      .orderBy('trained_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
    return row && row.used === 1 && row.model ? row : null;
  }
}

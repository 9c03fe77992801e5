import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { Database } from '../../platform/db/schema.ts';
import { nowIso } from '../../platform/time.ts';

/**
 * One seller-tunable setting stored as JSON under `key` in the shared `settings` table (the pattern of
 * vinted/vinted-settings.ts). Reads fall back to the defaults field by field, so a value saved by an older
 * version (a field missing, a field renamed) never breaks a read.
 */
export class JsonSetting<T extends Record<string, unknown>> {
  constructor(
    private readonly db: Kysely<Database>,
    readonly key: string,
    private readonly schema: z.ZodType<T>,
    readonly defaults: T,
  ) {}

  async get(): Promise<T> {
    const row = await this.db.selectFrom('settings').select('value').where('key', '=', this.key).executeTakeFirst();
    if (!row) return { ...this.defaults };
    let stored: Record<string, unknown> = {};
    try {
      stored = JSON.parse(row.value);
    } catch {
      return { ...this.defaults };
    }
    const merged: Record<string, unknown> = { ...this.defaults };
    for (const [k, v] of Object.entries(stored)) {
      if (!(k in this.defaults)) continue;
      const candidate = { ...merged, [k]: v };
      if (this.schema.safeParse(candidate).success) merged[k] = v;
    }
    return merged as T;
  }

  /** Lays `patch` over the current value, validates the whole, saves it. */
  async update(patch: Partial<T>): Promise<T> {
    const next = this.schema.parse({ ...(await this.get()), ...stripUndefined(patch) });
    const at = nowIso();
    const value = JSON.stringify(next);
    await this.db.insertInto('settings').values({ key: this.key, value, updated_at: at })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: at })).execute();
    return next;
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

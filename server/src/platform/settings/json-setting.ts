import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { Database } from '../db/schema.ts';
import { nowIso } from '../time.ts';
import { SettingsRepository } from './settings.repository.ts';

/**
 * One seller-tunable setting stored as JSON under `key` in the shared `settings` table. Reads fall back to the
 * defaults field by field, so a value saved by an older version (a field missing, a field renamed) never breaks a
 * read.
 */
export class JsonSetting<T extends Record<string, unknown>> {
  private readonly repo: SettingsRepository;

  constructor(
    db: Kysely<Database>,
    readonly key: string,
    private readonly schema: z.ZodType<T>,
    readonly defaults: T,
  ) {
    this.repo = new SettingsRepository(db);
  }

  async get(): Promise<T> {
    const value = await this.repo.read(this.key);
    if (value === null) return { ...this.defaults };
    let stored: Record<string, unknown> = {};
    try {
      stored = JSON.parse(value);
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
    await this.repo.write(this.key, JSON.stringify(next), nowIso());
    return next;
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

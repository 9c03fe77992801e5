import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';

export interface TemplateRow {
  id: string;
  name: string;
  body: string;
  /** 1: the bulk plan's template (one at most). */
  is_default: number;
  created_at: string;
  updated_at: string;
}
type Tables = { description_templates: TemplateRow };

/** SQL for the `description_templates` table. */
export class TemplatesRepository {
  private readonly db: Kysely<Database & Tables>;

  constructor(db: Kysely<Database>) {
    this.db = db.withTables<Tables>();
  }

  list(): Promise<TemplateRow[]> {
    return this.db.selectFrom('description_templates').selectAll().orderBy('is_default', 'desc').orderBy('name').orderBy('id').execute();
  }

  async get(id: string): Promise<TemplateRow | null> {
    return (await this.db.selectFrom('description_templates').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
  }

  async byDefault(): Promise<TemplateRow | null> {
    return (await this.db.selectFrom('description_templates').selectAll().where('is_default', '=', 1).executeTakeFirst()) ?? null;
  }

  /** Inserts, and when the row is the default, makes it the only one (one transaction). */
  async save(row: TemplateRow, isNew: boolean): Promise<void> {
    await this.db.transaction().execute(async (t) => {
      if (row.is_default === 1) await t.updateTable('description_templates').set({ is_default: 0 }).where('id', '!=', row.id).execute();
      if (isNew) await t.insertInto('description_templates').values(row).execute();
      else await t.updateTable('description_templates').set(row).where('id', '=', row.id).execute();
    });
  }

  async delete(id: string): Promise<boolean> {
    const r = await this.db.deleteFrom('description_templates').where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
}

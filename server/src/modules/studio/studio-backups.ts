import type { Transaction } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import { type EditInput, EditParamsSchema, normaliseEdit, paramsKey } from './edit-params.ts';
import { StudioRepository } from './studio.repository.ts';
import type { PhotoEditsTable } from './studio.tables.ts';

/** A photo edit as a backup carries it: the parameters as stored (JSON), the photo and the item it was made from. */
export interface EditBackupRow {
  photo_id: string;
  item_id: string;
  params: string;
  updated_at: string;
}

/**
 * The studio's part of a full backup and its restore (modules/files drives them; this module owns the table). An
 * edit travels as its parameters; the restore checks each against its photo as an edit from the app would be (a
 * tampered crop or angle is refused with the editor's own code) and recomputes the cache key, so a restored edit
 * renders exactly as before, from the restored master.
 */
export class StudioBackups {
  constructor(private readonly repo: StudioRepository) {}

  /** Every edit as stored, a batch at a time. */
  rows(batch: number): AsyncGenerator<PhotoEditsTable[]> {
    return this.repo.allRows(batch);
  }

  /** The edit's problem against its photo (the editor's code and message), or null when the app would take it. */
  static problem(params: string, photo: { width: number; height: number }): { code: string; message: string } | null {
    let json: unknown;
    try {
      json = JSON.parse(params);
    } catch {
      return { code: 'edit_invalid', message: 'the edit is not JSON' };
    }
    // A backup's edit is read leniently (a setting an older version wrote and this one dropped is ignored).
    const shape = EditParamsSchema.strip().safeParse(json);
    if (!shape.success) return { code: 'edit_invalid', message: shape.error.issues.slice(0, 2).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
    try {
      normaliseEdit(shape.data, photo);
      return null;
    } catch (e) {
      const err = e as { code?: string; message: string };
      return { code: err.code ?? 'edit_invalid', message: err.message };
    }
  }

  /** Inside `t`: every edit removed (the restore replaces the stock). */
  removeAllInside(t: Transaction<Database>): Promise<void> {
    return new StudioRepository(t).deleteAll();
  }

  /**
   * Inside `t`: the backup's edits written over their photos (checked beforehand by `problem`), each with its
   * parameters normalised again and its cache key recomputed. Answers how many were written.
   */
  async restoreInside(rows: (EditBackupRow & { width: number; height: number })[], t: Transaction<Database>): Promise<number> {
    const repo = new StudioRepository(t);
    for (const r of rows) {
      const params = normaliseEdit(JSON.parse(r.params) as EditInput, r);
      await repo.put({ photo_id: r.photo_id, item_id: r.item_id, params: JSON.stringify(params), params_key: paramsKey(params), updated_at: r.updated_at });
    }
    return rows.length;
  }
}

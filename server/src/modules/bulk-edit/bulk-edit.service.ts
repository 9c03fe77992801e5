import { AppError, badRequest } from '../../platform/errors.ts';
import { type ListingsService, PatchItemSchema } from '../listings/index.ts';
import type { TemplatesService } from '../templates/index.ts';
import { planEdit } from './bulk-edit-plan.ts';
import { BULK_EDIT_MAX, type BulkEditInput, type BulkEditResult, type BulkUndoInput } from './bulk-edit.schemas.ts';

type Answer = { dry_run: boolean; count: number; changed: number; failed: number; results: BulkEditResult[] };
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

type ListQuery = Parameters<ListingsService['list']>[0];

/**
 * Bulk edits from the stock page: one action on many items (ids or the stock's filters), each item through the
 * stock's own edit (validation, gates, price history, events: so one history entry each, by `bulk_edit`), one result
 * per item. A dry run answers the same results without saving anything.
 */
export class BulkEditService {
  constructor(
    private readonly listings: Pick<ListingsService, 'get' | 'list' | 'patch'>,
    private readonly templates: Pick<TemplatesService, 'get' | 'render'>,
  ) {}

  async run(input: BulkEditInput): Promise<Answer> {
    const ids = input.ids ? [...new Set(input.ids)] : await this.idsOf(input.filter!);
    if (input.action.type === 'template') await this.templates.get(input.action.template_id); // 404 before anything
    const results: BulkEditResult[] = [];
    for (const id of ids) results.push(await this.one(id, input));
    return answer(input.dry_run, results);
  }

  /**
   * Puts back a bulk edit from its own answer. A field returns to its `from` value only while it still holds the
   * `to` value the edit gave it: a price the seller or the nightly drop changed since is theirs, never overwritten
   * (that item answers `changed_since`). The restored values go through the stock's PATCH rules like any edit.
   */
  async undo(input: BulkUndoInput): Promise<Answer> {
    const seen = new Set<string>();
    const results: BulkEditResult[] = [];
    for (const u of input.items) {
      if (seen.has(u.id)) continue;
      seen.add(u.id);
      results.push(await this.undoOne(u));
    }
    return answer(false, results);
  }

  private async undoOne(u: BulkUndoInput['items'][number]): Promise<BulkEditResult> {
    let title: string | null = null;
    try {
      const item = await this.listings.get(u.id);
      title = item.title;
      const patch: Record<string, unknown> = {};
      const changes: BulkEditResult['changes'] = {};
      for (const [field, c] of Object.entries(u.changes)) {
        const now = (item as unknown as Record<string, unknown>)[field];
        if (same(now, c!.from)) continue; // already back
        if (!same(now, c!.to)) {
          throw new AppError(409, 'changed_since', `The item's ${field} changed after the bulk edit: it keeps its later value`, { params: { field } });
        }
        patch[field] = c!.from ?? null;
        changes[field] = { from: now ?? null, to: c!.from ?? null };
      }
      if (Object.keys(patch).length > 0) {
        const parsed = PatchItemSchema.safeParse(patch);
        if (!parsed.success) throw badRequest('validation_failed', `The value to put back is not valid: ${parsed.error.issues[0]?.message ?? ''}`, { params: { fields: Object.keys(patch).join(', ') } });
        await this.listings.patch(u.id, parsed.data, 'bulk_edit');
      }
      return { id: u.id, ok: true, title, changes };
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      return { id: u.id, ok: false, title, changes: {}, error: { code: e.code, message: e.message, ...(e.details !== undefined ? { details: e.details } : {}) } };
    }
  }

  private async one(id: string, input: BulkEditInput): Promise<BulkEditResult> {
    let title: string | null = null;
    try {
      const item = await this.listings.get(id);
      title = item.title;
      const description = input.action.type === 'template' ? await this.templates.render(input.action.template_id, item) : undefined;
      const { patch, changes } = planEdit(item, input.action, description);
      if (!input.dry_run && Object.keys(changes).length > 0) await this.listings.patch(id, patch, 'bulk_edit');
      return { id, ok: true, title, changes };
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      return { id, ok: false, title, changes: {}, error: { code: e.code, message: e.message, ...(e.details !== undefined ? { details: e.details } : {}) } };
    }
  }

  /** The ids the stock's filters select, refused past the limit rather than cut silently. */
  private async idsOf(filter: NonNullable<BulkEditInput['filter']>): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | undefined;
    for (;;) {
      const q = { ...filter, sort: 'created_at', limit: 200, include_total: false, cursor } as ListQuery;
      const page = await this.listings.list(q);
      ids.push(...page.items.map((i) => i.id));
      if (ids.length > BULK_EDIT_MAX) {
        throw badRequest('bulk_edit_too_many', `The filter selects more than ${BULK_EDIT_MAX} items; narrow it`, { params: { max: BULK_EDIT_MAX } });
      }
      if (!page.next_cursor) return ids;
      cursor = page.next_cursor;
    }
  }
}

function answer(dryRun: boolean, results: BulkEditResult[]): Answer {
  return {
    dry_run: dryRun, count: results.length,
    changed: results.filter((r) => r.ok && Object.keys(r.changes).length > 0).length, failed: results.filter((r) => !r.ok).length, results,
  };
}

import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../platform/db/schema.ts';
import { AppError, badRequest, notFound } from '../../platform/errors.ts';
import { JsonSetting } from '../../platform/settings/json-setting.ts';
import { newId, nowIso } from '../../platform/time.ts';
import type { ListingsService } from '../listings/index.ts';
import { DESCRIPTION_MAX, renderDescription, TEMPLATE_VARIABLE_NAMES, type TemplateItem, unknownVariables, withSignature } from './template-render.ts';
import type { TemplateRow, TemplatesRepository } from './templates.repository.ts';
import type { CreateTemplateInput, PatchTemplateInput, Template } from './templates.schemas.ts';

/** The bulk plan's template as it was before templates could be edited: the seller's starting point. */
export const BULK_TEMPLATE_BODY = '{categorie} {couleur}.\nMarque : {marque}.\nTaille {taille}.\nÉtat : {etat}.\nEnvoi rapide depuis {ville}.\nPhotos réelles. Remise possible sur lot.';
export const SIGNATURE_MAX = 500;

const toTemplate = (r: TemplateRow): Template => ({ ...r, is_default: r.is_default === 1 });
const signatureStore = (db: Kysely<Database>) =>
  new JsonSetting(db, 'templates.signature', z.object({ signature: z.string().nullable() }), { signature: null as string | null });

export interface ApplyResult { id: string; ok: boolean; description?: string; error?: { code: string; message: string; details?: unknown } }

export class TemplatesService {
  private readonly signatureSetting;

  constructor(
    private readonly repo: TemplatesRepository,
    db: Kysely<Database>,
    private readonly listings: Pick<ListingsService, 'get' | 'patch'>,
    private readonly city: string | null,
  ) {
    this.signatureSetting = signatureStore(db);
  }

  /** Every template, the bulk plan's first (created from the former fixed text the first time it is asked for). */
  async list(): Promise<Template[]> {
    await this.bulkTemplate();
    return (await this.repo.list()).map(toTemplate);
  }

  async get(id: string): Promise<Template> {
    return toTemplate(await this.row(id));
  }

  async create(input: CreateTemplateInput): Promise<Template> {
    await this.check(input.body);
    const at = nowIso();
    const row: TemplateRow = { id: newId(), name: input.name, body: input.body, is_default: input.is_default ? 1 : 0, created_at: at, updated_at: at };
    await this.repo.save(row, true);
    return toTemplate(row);
  }

  async patch(id: string, input: PatchTemplateInput): Promise<Template> {
    const current = await this.row(id);
    if (input.body !== undefined) await this.check(input.body);
    const row: TemplateRow = {
      ...current, ...(input.name !== undefined ? { name: input.name } : {}), ...(input.body !== undefined ? { body: input.body } : {}),
      ...(input.is_default !== undefined ? { is_default: input.is_default ? 1 : 0 } : {}), updated_at: nowIso(),
    };
    await this.repo.save(row, false);
    return toTemplate(row);
  }

  async delete(id: string): Promise<void> {
    if (!(await this.repo.delete(id))) throw this.notFound(id);
  }

  /** The bulk plan's template: the one marked default, created with the former fixed text when there is none. */
  async bulkTemplate(): Promise<Template> {
    const found = await this.repo.byDefault();
    if (found) return toTemplate(found);
    return this.create({ name: 'Lot (bulk)', body: BULK_TEMPLATE_BODY, is_default: true });
  }

  /**
   * The template a bulk plan writes its descriptions with: the one asked for (404 when unknown), else the bulk
   * template once the seller edited it; null keeps the plan's built-in text.
   */
  async planTemplate(id?: string): Promise<{ id: string; body: string } | null> {
    if (id) return this.row(id);
    const d = await this.repo.byDefault();
    return d && d.updated_at > d.created_at ? d : null;
  }

  async signature(): Promise<string | null> {
    return (await this.signatureSetting.get()).signature;
  }

  async setSignature(signature: string | null): Promise<{ signature: string | null }> {
    const text = signature?.trim() || null;
    if (text && text.length > SIGNATURE_MAX) {
      throw badRequest('signature_too_long', `The signature has ${text.length} characters, at most ${SIGNATURE_MAX}`, { params: { max: SIGNATURE_MAX, length: text.length } });
    }
    await this.signatureSetting.update({ signature: text });
    return { signature: text };
  }

  /** A generated description with the shop signature appended (the analyser and the bulk plan call it). */
  async signed(description: string): Promise<string> {
    return withSignature(description, await this.signature());
  }

  /** A template filled in for an item (the item as the stock answers it), signature included. */
  async render(id: string, item: TemplateItem): Promise<string> {
    const t = await this.row(id);
    return renderDescription(t.body, item, { city: this.city, signature: await this.signature() });
  }

  /** Writes the template's description on each item (one result per item; `dry_run` answers them unsaved). */
  async apply(id: string, itemIds: string[], opts: { dryRun?: boolean; reason?: string } = {}): Promise<ApplyResult[]> {
    const t = await this.row(id);
    const signature = await this.signature();
    const out: ApplyResult[] = [];
    for (const itemId of itemIds) {
      try {
        const item = await this.listings.get(itemId);
        const description = renderDescription(t.body, item, { city: this.city, signature });
        if (!opts.dryRun) await this.listings.patch(itemId, { description }, opts.reason ?? 'template');
        out.push({ id: itemId, ok: true, description });
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        out.push({ id: itemId, ok: false, error: { code: e.code, message: e.message, details: e.details } });
      }
    }
    return out;
  }

  /** Oversized (with the signature it will carry) or with unknown variables: refused, nothing saved. */
  private async check(body: string) {
    const sig = (await this.signature())?.length ?? 0;
    const max = sig ? DESCRIPTION_MAX - sig - 2 : DESCRIPTION_MAX;
    if (body.length > max) {
      throw badRequest('template_too_long', `The template has ${body.length} characters; with the shop signature a description holds at most ${max}`, {
        params: { max, length: body.length, signature_length: sig },
      });
    }
    const unknown = unknownVariables(body);
    if (unknown.length) {
      throw badRequest('template_unknown_variable', `Unknown variable(s): ${unknown.map((v) => `{${v}}`).join(', ')}`, {
        params: { variables: unknown.join(', ') }, known: TEMPLATE_VARIABLE_NAMES,
      });
    }
  }

  private async row(id: string): Promise<TemplateRow> {
    const r = await this.repo.get(id);
    if (!r) throw this.notFound(id);
    return r;
  }

  private notFound(id: string) {
    return notFound('template_not_found', `No template with id ${id}`, { params: { id } });
  }
}

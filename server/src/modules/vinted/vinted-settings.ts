import { z } from 'zod';
import { AppError } from '../../platform/errors.ts';
import type { SettingsRepository } from '../../platform/settings/settings.repository.ts';
import { nowIso } from '../../platform/time.ts';
import { accountScope } from './account-scope.ts';
import { PACE, TERMS_NOTICE, TERMS_NOTICE_VERSION } from './vinted-facts.ts';

// The seller's publication settings, in the shared `settings` table under one key per Vinted account (migration
// 0023: each account is turned on, paced and run dry on its own). Publication starts off and can only be turned on
// together with an explicit acknowledgement of the Terms notice.

const key = () => `vinted.publication:${accountScope.current()}`;

export const VintedSettingsSchema = z.object({
  publication_enabled: z.boolean().describe('Off until the seller turns it on with the Terms acknowledgement'),
  terms_acknowledged_at: z.string().nullable(),
  terms_notice_version: z.string().nullable().describe('The version of the notice the seller acknowledged'),
  dry_run: z.boolean().describe("The publish queue's mode (endpoints are dry unless a request says dry_run: false)"),
  hourly_write_budget: z.number().int().describe('Writes to Vinted per rolling hour; each photo upload counts as one'),
  prefer_vinted_draft: z.boolean().describe('The queue saves items as Vinted drafts instead of publishing them'),
  queue_max_attempts: z.number().int().describe('Failed attempts before a queued item goes to the dead-letter state'),
});
export type VintedSettings = z.infer<typeof VintedSettingsSchema>;

export const UpdateVintedSettingsSchema = z
  .object({
    publication_enabled: z.boolean(),
    acknowledge_terms: z.literal(true).describe('Required (true) when turning publication on: you have read `terms_notice`'),
    dry_run: z.boolean(),
    hourly_write_budget: z.number().int().min(1).max(200),
    prefer_vinted_draft: z.boolean(),
    queue_max_attempts: z.number().int().min(1).max(20),
  })
  .partial()
  .strict()
  .refine((o) => Object.keys(o).length > 0, { message: 'the body changes nothing', params: { code: 'nothing_to_change' } });
export type UpdateVintedSettings = z.infer<typeof UpdateVintedSettingsSchema>;

export const DEFAULT_SETTINGS: VintedSettings = {
  publication_enabled: false,
  terms_acknowledged_at: null,
  terms_notice_version: null,
  dry_run: true,
  hourly_write_budget: PACE.defaultHourlyWriteBudget,
  prefer_vinted_draft: false,
  queue_max_attempts: 5,
};

export class VintedSettingsStore {
  constructor(private readonly repo: SettingsRepository) {}

  async get(): Promise<VintedSettings> {
    const stored = await this.repo.read(key());
    if (stored === null) return { ...DEFAULT_SETTINGS };
    const parsed = VintedSettingsSchema.partial().safeParse(JSON.parse(stored));
    return { ...DEFAULT_SETTINGS, ...(parsed.success ? parsed.data : {}) };
  }

  async update(input: UpdateVintedSettings): Promise<VintedSettings> {
    const current = await this.get();
    const next: VintedSettings = { ...current };
    if (input.publication_enabled === true && !current.publication_enabled) {
      if (input.acknowledge_terms !== true) {
        throw new AppError(400, 'terms_not_acknowledged', 'Turning publication on needs `acknowledge_terms: true`: read the notice first', { terms_notice: TERMS_NOTICE, terms_notice_version: TERMS_NOTICE_VERSION });
      }
      next.terms_acknowledged_at = nowIso();
      next.terms_notice_version = TERMS_NOTICE_VERSION;
    }
    if (input.publication_enabled !== undefined) next.publication_enabled = input.publication_enabled;
    if (input.dry_run !== undefined) next.dry_run = input.dry_run;
    if (input.hourly_write_budget !== undefined) next.hourly_write_budget = input.hourly_write_budget;
    if (input.prefer_vinted_draft !== undefined) next.prefer_vinted_draft = input.prefer_vinted_draft;
    if (input.queue_max_attempts !== undefined) next.queue_max_attempts = input.queue_max_attempts;
    await this.repo.write(key(), JSON.stringify(next), nowIso());
    return next;
  }

  /** Throws unless the seller turned publication on with the acknowledgement. */
  async requireEnabled(): Promise<VintedSettings> {
    const s = await this.get();
    if (!s.publication_enabled || !s.terms_acknowledged_at) {
      throw new AppError(403, 'publication_disabled', 'Publication to Vinted is off. Turn it on in the settings (PATCH /vinted/settings, or the Settings page of the app) after reading the notice.', {
        terms_notice: TERMS_NOTICE,
      });
    }
    return s;
  }
}

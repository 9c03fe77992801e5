// What happened to one group in a bulk run, step by step: the draft (created, already there, would be created on
// servers whose dry run creates nothing, failed) and the Vinted step when the group was ticked "Publier" (not tried in a dry run, queued for later,
// published, stopped for a manual check, or failed with its reason). The reason is a code the seller's language
// turns into words: the connector's `reason`, or the `error.code` a refused prepare carries.
export interface StepLike {
  ok?: unknown;
  skipped?: unknown;
  queued?: unknown;
  needs_manual?: unknown;
  reason?: unknown;
  listing_url?: unknown;
  error?: unknown;
  [k: string]: unknown;
}

export interface ResultLike {
  ok: boolean;
  dry_run: boolean;
  item_id: string | null;
  /** The draft was made by this run (false: it existed from an earlier run); absent from older servers. */
  created?: boolean;
  duplicate: boolean;
  prepare: StepLike | null;
  publish: StepLike | null;
  error: { code: string; message: string } | null;
}

export type DraftOutcome = 'would_create' | 'created' | 'existing' | 'failed';
export type VintedOutcome =
  | { state: 'not_tried' }
  | { state: 'queued' }
  | { state: 'published'; url: string | null; dryRun: boolean }
  | { state: 'prepared' }
  | { state: 'manual'; reason: string | null }
  | { state: 'failed'; reason: string | null; details?: unknown };

/** The code a step's failure carries: `reason` (every refused step has it since issue 16), else `error.code` (older stored reports). */
export function stepReason(step: StepLike | null): string | null {
  if (!step) return null;
  if (typeof step.reason === 'string') return step.reason;
  const e = step.error as { code?: unknown } | undefined;
  if (e && typeof e === 'object' && typeof e.code === 'string') return e.code;
  if (typeof step.error === 'string') return step.error;
  return null;
}

export function draftOutcome(r: ResultLike): DraftOutcome {
  if (r.item_id && (r.duplicate || r.created === false)) return 'existing';
  if (r.item_id) return 'created';
  if (r.dry_run && !r.error) return 'would_create';
  return 'failed';
}

/** The Vinted step, or null when the group was not ticked "Publier". */
export function vintedOutcome(r: ResultLike): VintedOutcome | null {
  const { prepare, publish } = r;
  if (!prepare && !publish) return null;
  const last = publish ?? prepare!;
  if (prepare?.skipped === 'dry_run' || last.skipped === 'dry_run') return { state: 'not_tried' };
  if (prepare?.queued === true || publish?.queued === true) return { state: 'queued' };
  if (last.needs_manual === true || prepare?.needs_manual === true) return { state: 'manual', reason: stepReason(last.needs_manual ? last : prepare) };
  if (publish && publish.ok !== false) return { state: 'published', url: typeof publish.listing_url === 'string' ? publish.listing_url : null, dryRun: publish.dry_run === true };
  if (last.ok === false) return { state: 'failed', reason: stepReason(last), details: (last.error as { details?: unknown } | undefined)?.details };
  return { state: 'prepared' };
}

import type { EventBus } from '../events.ts';
import type { PlatformMetrics } from './metrics.ts';

// Vinted's "ask a human" reasons (the vinted module's site signals): each one seen is a challenge.
const CHALLENGE_REASONS = new Set(['captcha_or_verification', 'site_rate_limited', 'session_expired', 'access_denied', 'account_restricted']);
const ENDED = new Set(['completed', 'failed', 'cancelled']);
// The bulk job's kind (modules/bulk): its progress counts scanned photos. Named here, not imported: the platform knows no module.
const BULK_KIND = 'bulk.analyse';

/**
 * Counts what the services already announce on the event bus: job runs and their durations, the bulk job's scanned
 * photos, price drops, publications, Vinted challenges and detected duplicates. Returns the unsubscribe.
 */
export function recordEvents(events: EventBus, m: PlatformMetrics): () => void {
  const started = new Map<string, number>();
  const scanned = new Map<string, number>();
  const offs = [
    events.on('job.progress', ({ data }) => {
      if (data.state === 'running' && !started.has(data.job_id)) started.set(data.job_id, performance.now());
      if (data.kind === BULK_KIND && typeof data.progress.scanned === 'number') {
        // Progress carries running totals: the increase since the last report is the new photos. (A job resumed after a
        // restart counts its earlier photos once more in the new process: an overcount bounded by one job's size.)
        const before = scanned.get(data.job_id) ?? 0;
        if (data.progress.scanned > before) {
          m.bulkPhotos.inc(data.progress.scanned - before);
          scanned.set(data.job_id, data.progress.scanned);
        }
      }
      if (!ENDED.has(data.state)) return;
      m.jobRuns.inc({ kind: data.kind, state: data.state });
      const t0 = started.get(data.job_id);
      if (t0 !== undefined) m.jobDuration.observe({ kind: data.kind, state: data.state }, (performance.now() - t0) / 1000);
      started.delete(data.job_id);
      scanned.delete(data.job_id);
    }),
    events.on('price.dropped', () => m.priceDrops.inc()),
    events.on('duplicate.detected', () => m.duplicatesFound.inc()),
    events.on('publish.result', ({ data }) => {
      m.publications.inc({ outcome: data.ok ? 'published' : data.needs_manual ? 'needs_manual' : 'failed' });
      if (data.reason && CHALLENGE_REASONS.has(data.reason)) m.vintedChallenges.inc({ reason: data.reason });
    }),
  ];
  return () => offs.forEach((off) => off());
}

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, type Paths, unwrap } from '../../api/client.ts';
import { parseEuros, priceText } from '../../components/listing/form-state.ts';
import { useLiveEvents } from '../../lib/live-context.tsx';
import { mergeBoard } from './board-merge.ts';

type Json<T> = T extends { content: { 'application/json': infer J } } ? J : never;
export type BulkStatus = Json<Paths['/bulk/status']['get']['responses'][200]>;
export type Cluster = BulkStatus['clusters'][number];
export type ClusterPatch = NonNullable<Paths['/bulk/clusters/{id}']['patch']['requestBody']>['content']['application/json'];
export type PlanRequest = NonNullable<Paths['/bulk/listings/plan']['post']['requestBody']>['content']['application/json'];
export type Plan = Json<Paths['/bulk/listings/plan']['post']['responses'][200]>;
export type ExecuteAnswer = Json<Paths['/bulk/listings/execute']['post']['responses'][200]>;
export type IntakeAnswer = Json<Paths['/bulk/ingest/photos']['post']['responses'][200]>;

export const statusKey = (job: string) => ['bulk', 'status', job] as const;

/** The job, polled while it runs and refreshed at once when the server streams its progress. */
export function useBulkStatus(job: string | null) {
  const qc = useQueryClient();
  const q = useQuery({
    queryKey: statusKey(job ?? ''),
    enabled: !!job,
    queryFn: ({ signal }) => unwrap(api.GET('/bulk/status', { params: { query: { job: job! } }, signal })),
    refetchInterval: (query) => (query.state.data?.status === 'processing' ? 3000 : false),
  });
  useLiveEvents(['job.progress'], (e) => {
    const id = (e.data as { progress?: { job_id?: string }; job_id?: string } | null)?.progress?.job_id ?? (e.data as { job_id?: string } | null)?.job_id;
    if (job && id === job) void qc.invalidateQueries({ queryKey: statusKey(job) });
  });
  return q;
}

export function usePatchCluster(job: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: Omit<ClusterPatch, 'job_id'> }) =>
      unwrap(api.PATCH('/bulk/clusters/{id}', { params: { path: { id } }, body: { job_id: job, ...body } as ClusterPatch })),
    onSuccess: (answer) => {
      // The answer carries the touched groups only (and the removed ids): merged into the board, no second request.
      qc.setQueryData<BulkStatus>(statusKey(job), (s) => (s ? { ...s, clusters: mergeBoard(s.clusters, answer) } : s));
    },
    onError: () => qc.invalidateQueries({ queryKey: statusKey(job) }),
  });
}

export function useCancelJob(job: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.DELETE('/bulk/jobs/{id}', { params: { path: { id: job } } })),
    onSettled: () => qc.invalidateQueries({ queryKey: statusKey(job) }),
  });
}

export function usePlan() {
  return useMutation({ mutationFn: (body: PlanRequest) => unwrap(api.POST('/bulk/listings/plan', { body })) });
}

export function useExecute() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { plan_id: string; dry_run: boolean; set_publish_true?: boolean }) => unwrap(api.POST('/bulk/listings/execute', { body: { set_publish_true: false, ...body } })),
    onSuccess: (r) => {
      if (!r.dry_run) {
        void qc.invalidateQueries({ queryKey: ['listings'] });
        void qc.invalidateQueries({ queryKey: ['stats'] });
        void qc.invalidateQueries({ queryKey: ['bulk'] });
      }
    },
  });
}

export type SaveState = 'idle' | 'pending' | 'saved' | 'error';
export interface BoardListing {
  title: string;
  price: string;
  publish: boolean;
}

const SAVE_DELAY_MS = 500;

/**
 * The board's title, price and "Publier" of each group, saved as the seller types (one PATCH half a second after the
 * last key, and at once when the page goes away), so they survive a reload. What the server holds shows until the
 * seller types; what was typed is what the plan request sends.
 */
export function useBoardListings(job: string, clusters: Cluster[], lang: 'fr' | 'en') {
  const qc = useQueryClient();
  const [typed, setTyped] = useState<Record<string, BoardListing>>({});
  const [states, setStates] = useState<Record<string, SaveState>>({});
  const timers = useRef(new Map<string, { timer: ReturnType<typeof setTimeout>; value: BoardListing }>());
  const stored = (c: Cluster): BoardListing => ({ title: c.listing.title ?? '', price: c.listing.price === null ? '' : priceText(c.listing.price, lang), publish: c.listing.publish ?? false });
  const byId = new Map(clusters.map((c) => [c.id, c]));
  const value = (id: string): BoardListing => typed[id] ?? (byId.has(id) ? stored(byId.get(id)!) : { title: '', price: '', publish: false });

  const save = useCallback(async (id: string, v: BoardListing, keepalive = false) => {
    const price = parseEuros(v.price);
    const body = { job_id: job, title: v.title.trim() || null, publish: v.publish, ...(price === null ? { price: null } : Number.isNaN(price) || price < 1 ? {} : { price }) };
    setStates((s) => ({ ...s, [id]: 'pending' }));
    try {
      const answer = await unwrap(api.PATCH('/bulk/clusters/{id}', { params: { path: { id } }, body: body as ClusterPatch, keepalive }));
      qc.setQueryData<BulkStatus>(statusKey(job), (s) => (s ? { ...s, clusters: mergeBoard(s.clusters, answer) } : s));
      setStates((s) => ({ ...s, [id]: 'saved' }));
    } catch {
      setStates((s) => ({ ...s, [id]: 'error' }));
    }
  }, [job, qc]);

  const flush = useCallback((keepalive = false) => {
    for (const [id, { timer, value: v }] of timers.current) {
      clearTimeout(timer);
      void save(id, v, keepalive);
    }
    timers.current.clear();
  }, [save]);

  useEffect(() => {
    const away = () => flush(true);
    addEventListener('pagehide', away);
    return () => {
      removeEventListener('pagehide', away);
      flush(true);
    };
  }, [flush]);

  const change = (id: string, patch: Partial<BoardListing>) => {
    const next = { ...value(id), ...patch };
    setTyped((all) => ({ ...all, [id]: next }));
    setStates((s) => ({ ...s, [id]: 'pending' }));
    const prev = timers.current.get(id);
    if (prev) clearTimeout(prev.timer);
    timers.current.set(id, {
      value: next,
      timer: setTimeout(() => {
        timers.current.delete(id);
        void save(id, next);
      }, SAVE_DELAY_MS),
    });
  };
  return { value, change, state: (id: string): SaveState => states[id] ?? 'idle' };
}

/** Brings back a photo the job set aside as a duplicate: it joins its twin's group (or a group of its own). */
export function useKeepDuplicate(job: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (photoId: string) => unwrap(api.POST('/bulk/jobs/{id}/duplicates/{photo_id}/keep', { params: { path: { id: job, photo_id: photoId } }, body: {} })),
    onSettled: () => qc.invalidateQueries({ queryKey: statusKey(job) }),
  });
}

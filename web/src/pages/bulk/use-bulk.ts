import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type Paths, unwrap } from '../../api/client.ts';
import { useLiveEvents } from '../../lib/live-context.tsx';

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
      // The answer carries every group after the change: no second request needed.
      qc.setQueryData<BulkStatus>(statusKey(job), (s) => (s ? { ...s, clusters: answer.clusters } : s));
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

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type Paths, unwrap } from '../../api/client.ts';

export type BulkEditBody = NonNullable<Paths['/listings/bulk-edit']['post']['requestBody']>['content']['application/json'];
export type BulkEditAction = BulkEditBody['action'];
export type BulkEditAnswer = Awaited<ReturnType<typeof send>>;

const send = (body: BulkEditBody) => unwrap(api.POST('/listings/bulk-edit', { body }));

/** POST /listings/bulk-edit: a dry run previews; a real run refreshes the stock (and its history) afterwards. */
export function useBulkEdit() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: (_answer, body) => {
      if (!body.dry_run) void qc.invalidateQueries({ queryKey: ['listings'] });
    },
  });
}

/** The saved description templates, for the "template" action. */
export function useTemplates(enabled: boolean) {
  return useQuery({ queryKey: ['templates'], queryFn: () => unwrap(api.GET('/templates')), enabled });
}

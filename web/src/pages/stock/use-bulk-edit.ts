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

export type BulkUndoBody = NonNullable<Paths['/listings/bulk-edit/undo']['post']['requestBody']>['content']['application/json'];

/**
 * POST /listings/bulk-edit/undo with a real run's answer: each changed item goes back where the server finds it as
 * the edit left it (an item changed since keeps its later value and comes back as `changed_since`).
 */
export function useBulkUndo() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (answer: BulkEditAnswer) => {
      const items = answer.results.filter((r) => r.ok && Object.keys(r.changes).length > 0).map((r) => ({ id: r.id, changes: r.changes as BulkUndoBody['items'][number]['changes'] }));
      return unwrap(api.POST('/listings/bulk-edit/undo', { body: { items } }));
    },
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['listings'] }),
  });
}

/** The saved description templates, for the "template" action. */
export function useTemplates(enabled: boolean) {
  return useQuery({ queryKey: ['templates'], queryFn: () => unwrap(api.GET('/templates')), enabled });
}

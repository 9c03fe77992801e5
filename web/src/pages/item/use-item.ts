import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type Paths, type Schemas, unwrap } from '../../api/client.ts';
import type { ItemPatch } from '../../components/listing/form-state.ts';

export type Item = Schemas['Item'];
export type PatchBody = NonNullable<Paths['/listings/{id}']['patch']['requestBody']>['content']['application/json'];

export const itemKey = (id: string) => ['listings', 'item', id] as const;

export function useItem(id: string) {
  return useQuery({
    queryKey: itemKey(id),
    queryFn: ({ signal }) => unwrap(api.GET('/listings/{id}', { params: { path: { id } }, signal })),
  });
}

/** PATCH with the changed fields; the answer (gates re-evaluated) replaces the cached item. */
export function usePatchItem(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ItemPatch | PatchBody) => unwrap(api.PATCH('/listings/{id}', { params: { path: { id } }, body: body as PatchBody })),
    onSuccess: (item) => {
      qc.setQueryData(itemKey(id), item);
      void qc.invalidateQueries({ queryKey: ['listings', 'page'] });
      void qc.invalidateQueries({ queryKey: ['stats'] });
    },
  });
}

export function useDeleteItem(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.DELETE('/listings/{id}', { params: { path: { id } } })),
    onSuccess: () => {
      qc.removeQueries({ queryKey: itemKey(id) });
      void qc.invalidateQueries({ queryKey: ['listings'] });
    },
  });
}

/** Marks the item sold at the price the seller got (POST /listings/{id}/sold): drops and publication stop. */
export function useMarkSold(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (soldPrice: number | null) => unwrap(api.POST('/listings/{id}/sold', { params: { path: { id } }, body: { sold_price: soldPrice } })),
    onSuccess: (answer) => {
      qc.setQueryData(itemKey(id), answer.item);
      void qc.invalidateQueries({ queryKey: ['listings'] });
      void qc.invalidateQueries({ queryKey: ['stats'] });
      void qc.invalidateQueries({ queryKey: ['todo'] });
      // The sale is an order: the Sales and Statistics pages read it.
      void qc.invalidateQueries({ queryKey: ['orders'] });
      void qc.invalidateQueries({ queryKey: ['analytics'] });
    },
  });
}

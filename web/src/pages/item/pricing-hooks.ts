import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.ts';

/** Seller-wide price-drop defaults (rate, rounding, floor policy). */
export function usePricingSettings() {
  return useQuery({ queryKey: ['settings', 'pricing'], queryFn: ({ signal }) => unwrap(api.GET('/settings/pricing', { signal })) });
}

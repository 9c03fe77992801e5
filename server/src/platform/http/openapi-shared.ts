import { z } from 'zod';

export const ErrorResponseSchema = z
  .object({
    error: z.object({
      code: z.string().describe('Stable snake_case code'),
      message: z.string(),
      details: z.unknown().optional(),
      request_id: z.string().optional(),
    }),
  })
  .meta({ id: 'Error', example: { error: { code: 'item_not_found', message: 'No item with id …', request_id: 'req-1' } } });

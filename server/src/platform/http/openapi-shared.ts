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

/**
 * The body of an action that takes no parameters: `{}`. Required all the same, so that a bare POST (which any page
 * or prefetcher can send) never acts: an action is asked for explicitly, as JSON.
 */
export const ActionBodySchema = z.object({}).strict().describe('Send {} as a JSON body: an action is never run by a bare POST');

import { z } from 'zod';

export const ErrorResponseSchema = z
  .object({
    error: z.object({
      code: z.string().describe('Stable snake_case code'),
      message: z.string().describe('English, for logs and developers'),
      details: z.unknown().optional().describe('An object whose `params` holds the values the code is worded with (an id, a field, a limit); a 400 `validation_failed` also lists `issues`: [{path, code, params, message}], code being zod\'s (invalid_type {expected, received}, too_small {minimum, origin}…) or ours (unknown_colour {value}…). `message` is English, for developers: the app words `code` and `params` in the seller\'s language'),
      request_id: z.string().optional(),
    }),
  })
  .meta({ id: 'Error', example: { error: { code: 'item_not_found', message: 'No item with id …', request_id: 'req-1' } } });

/**
 * The body of an action that takes no parameters: `{}`. Required all the same, so that a bare POST (which any page
 * or prefetcher can send) never acts: an action is asked for explicitly, as JSON.
 */
export const ActionBodySchema = z.object({}).strict().describe('Send {} as a JSON body: an action is never run by a bare POST');

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ActionBodySchema, ErrorResponseSchema } from '../../platform/http/openapi-shared.ts';
import type { VintedAccountsService } from './vinted-accounts.service.ts';

// The user's Vinted accounts: list, add, rename, remove, and switch the active one (what the other /vinted routes,
// the web app's header and a new extension pairing act for).

const E = ErrorResponseSchema;
const AccountSchema = z.object({
  id: z.string(), label: z.string(), active: z.boolean(), created_at: z.string(),
  session: z.object({ present: z.boolean(), username: z.string().nullable(), state: z.string().nullable() }).describe("What is kept in clear of the account's saved session"),
});
const AccountsSchema = z.object({ active_account_id: z.string(), accounts: z.array(AccountSchema) });
const LabelSchema = z.object({ label: z.string().max(200).describe('The name shown in the menu (1 to 40 characters, unique among your accounts)') }).strict();
const Params = z.object({ id: z.uuid() });

export function vintedAccountsRoutes(app: FastifyInstance, accounts: VintedAccountsService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['vinted'];

  r.get('/vinted/accounts', {
    schema: { tags, summary: 'Your Vinted accounts and the active one', response: { 200: AccountsSchema } },
  }, async () => accounts.list());

  r.post('/vinted/accounts', {
    schema: {
      tags, summary: 'Add a Vinted account (its own session, queue, log, pace and settings)',
      description: 'The new account starts without a session and with publication off; switch to it, then save its session. Counts against the `vinted_accounts` quota (402 `quota_exceeded`).',
      body: LabelSchema, response: { 201: AccountSchema, 400: E, 402: E, 409: E },
    },
  }, async (req, reply) => reply.code(201).send(await accounts.add(req.body.label)));

  r.patch('/vinted/accounts/:id', {
    schema: { tags, summary: 'Rename a Vinted account', params: Params, body: LabelSchema, response: { 200: AccountSchema, 400: E, 404: E, 409: E } },
  }, async (req) => accounts.rename(req.params.id, req.body.label));

  r.delete('/vinted/accounts/:id', {
    schema: {
      tags, summary: 'Remove a Vinted account with its saved session',
      description: 'Refused with 409 `vinted_account_busy` while its queue has publications waiting, and 409 `vinted_account_last` for your only account. Its publish log stays.',
      params: Params, response: { 200: AccountsSchema, 404: E, 409: E },
    },
  }, async (req) => accounts.remove(req.params.id));

  r.post('/vinted/accounts/:id/activate', {
    schema: {
      tags, summary: 'Switch to this Vinted account',
      description: 'Stored for you (every tab, the queue and new extension pairings see it). Queued publications keep the account they were queued for.',
      params: Params, body: ActionBodySchema, response: { 200: AccountsSchema, 404: E },
    },
  }, async (req) => accounts.switchTo(req.params.id));
}

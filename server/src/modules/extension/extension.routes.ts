import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorResponseSchema } from '../../platform/http/openapi-shared.ts';
import { PAIR_PATH } from './extension-gate.ts';
import type { PairingService } from './pairing.service.ts';
import { PairAnswerSchema, PairBodySchema, PairedTokenSchema, PairingCodeSchema } from './extension.schemas.ts';

// The settings' side of pairing (the web app: show a code, list and revoke paired browsers) and the extension's
// claim of a code.

const E = ErrorResponseSchema;

export function pairingRoutes(app: FastifyInstance, pairing: PairingService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['extension'];

  r.post('/extension/pairing-codes', {
    schema: {
      tags, summary: 'Show a one-time code to pair the browser extension',
      description: 'Answers a short code valid 10 minutes, to type in the extension with this app\'s address. A new code replaces the previous one.',
      body: z.object({}).strict().optional(), response: { 200: PairingCodeSchema },
    },
  }, async () => pairing.createCode());

  r.post(PAIR_PATH, {
    schema: {
      tags, summary: 'The extension trades a pairing code for its token',
      description: 'Called by the extension (its chrome-extension:// or moz-extension:// origin is accepted here and on its own routes only). '
        + 'A wrong, expired or used code answers 403 `pairing_code_invalid`; ten wrong codes burn the open one.',
      body: PairBodySchema, response: { 200: PairAnswerSchema, 403: E },
    },
  }, async (req) => pairing.claim(req.body.code, req.body.name));

  r.get('/extension/tokens', {
    schema: { tags, summary: 'The paired extensions (never their tokens)', response: { 200: z.object({ tokens: z.array(PairedTokenSchema) }) } },
  }, async () => ({ tokens: await pairing.tokens() }));

  r.delete('/extension/tokens/:id', {
    schema: { tags, summary: 'Revoke a paired extension: its token stops working at once', params: z.object({ id: z.uuid() }), response: { 200: z.object({ ok: z.literal(true) }), 404: E } },
  }, async (req) => {
    await pairing.revoke(req.params.id);
    return { ok: true as const };
  });
}

import type { FastifyInstance } from 'fastify';
import { accountCaller } from '../security/account-auth.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The quotas a route spends (modules/quotas): its every answer says what remains of each, when limited. */
    quota?: readonly string[];
  }
}

/**
 * Adds `X-Quota-<Name>-Remaining` to every answer of a metered route (its `config.quota`), refusals included, for
 * the signed-in user (accounts mode). `headers` gives the names and values for that user; none when unlimited.
 */
export function installQuotaHeaders(app: FastifyInstance, headers: (metrics: readonly string[], ownerId: string) => Promise<Record<string, string>>) {
  app.addHook('onSend', async (req, reply, payload) => {
    const metrics = req.routeOptions.config?.quota;
    const owner = accountCaller(req)?.user.id;
    if (!metrics?.length || !owner) return payload;
    try {
      for (const [k, v] of Object.entries(await headers(metrics, owner))) reply.header(k, v);
    } catch (err) {
      req.log.warn({ err }, 'quota headers not computed');
    }
    return payload;
  });
}

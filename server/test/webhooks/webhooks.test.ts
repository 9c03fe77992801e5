import { afterEach, describe, expect, it } from 'vitest';
import { startWebhookReceiver } from '../fakes/webhook-receiver.ts';
import { pollUntil } from '../helpers/poll.ts';
import { createTestApp, json, type TestApp } from '../helpers/test-app.ts';

// Issue 18 point 7: signed webhooks out, retried after a failure (through the job queue, across a restart), a delivery
// log, "send a test", and the photo fetches' URL guard on the destination.

const apps: TestApp[] = [];
const receivers: Awaited<ReturnType<typeof startWebhookReceiver>>[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.close();
  for (const r of receivers.splice(0)) await r.close();
});

const open = async (env: Record<string, string> = {}, opts: Parameters<typeof createTestApp>[1] = {}) => {
  const t = await createTestApp({ PRICE_DROP_CRON: 'off', PURGE_CRON: 'off', ...env }, opts);
  apps.push(t);
  return t;
};
const receiver = async () => {
  const r = await startWebhookReceiver();
  receivers.push(r);
  return r;
};
const subscribe = async (t: TestApp, body: Record<string, unknown>) => {
  const res = await t.app.inject({ method: 'POST', url: '/webhooks', ...json(body) });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; secret: string; secret_hint: string };
};
const deliveries = async (t: TestApp, id: string) => (await t.app.inject({ url: `/webhooks/${id}/deliveries` })).json().deliveries as Record<string, unknown>[];

describe('webhooks out (issue 18 point 7)', () => {
  it('refuses a private or invalid destination with a stable code, and saves nothing', async () => {
    const t = await open();
    for (const url of ['http://127.0.0.1:9/hook', 'http://10.0.0.5/hook', 'http://[::1]/hook', 'http://localhost/hook', 'http://169.254.169.254/latest']) {
      const res = await t.app.inject({ method: 'POST', url: '/webhooks', ...json({ url, events: ['item.sold'] }) });
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'url_forbidden_address', details: { params: { url } } });
    }
    // Allowing local addresses opens the loopback and the LAN, never the cloud metadata address.
    const meta = await t.app.inject({ method: 'POST', url: '/webhooks', ...json({ url: 'http://169.254.169.254/x', events: ['item.sold'], allow_local: true }) });
    expect(meta.json().error.code).toBe('url_forbidden_address');
    const ftp = await t.app.inject({ method: 'POST', url: '/webhooks', ...json({ url: 'ftp://example.org/x', events: ['item.sold'] }) });
    expect([ftp.statusCode, ftp.json().error.code]).toEqual([400, 'url_invalid']);
    const unknown = await t.app.inject({ method: 'POST', url: '/webhooks', ...json({ url: 'https://example.org/x', events: ['item.teleported'] }) });
    expect([unknown.statusCode, unknown.json().error.code]).toEqual([400, 'validation_failed']);
    expect((await t.app.inject({ url: '/webhooks' })).json().webhooks).toEqual([]);
    // A public destination is saved; moving it to a private address later is refused the same way, and changes nothing.
    const ok = await subscribe(t, { url: 'https://hooks.example.org/x', events: ['item.sold'] });
    const moved = await t.app.inject({ method: 'PATCH', url: `/webhooks/${ok.id}`, ...json({ url: 'http://192.168.1.10/x' }) });
    expect(moved.json().error.code).toBe('url_forbidden_address');
    expect((await t.app.inject({ url: `/webhooks/${ok.id}` })).json().url).toBe('https://hooks.example.org/x');
  });

  it('signs each event, shows the secret once, and logs each delivery with its response code', async () => {
    const t = await open();
    const r = await receiver();
    const hook = await subscribe(t, { url: r.url, events: ['listing.created', 'item.sold'], allow_local: true, description: 'my script' });
    r.setSecret(hook.secret);
    expect(hook.secret).toMatch(/^whsec_/);
    expect(hook.secret_hint).toBe(`whsec_…${hook.secret.slice(-4)}`);
    const listed = JSON.stringify((await t.app.inject({ url: '/webhooks' })).json()) + (await t.app.inject({ url: `/webhooks/${hook.id}` })).body;
    expect(listed).not.toContain(hook.secret);

    const test = await t.app.inject({ method: 'POST', url: `/webhooks/${hook.id}/test`, ...json({}) });
    expect(test.json()).toMatchObject({ event: 'webhook.test', state: 'delivered', response_code: 200, attempts: 1, test: true });

    const item = (await t.app.inject({ method: 'POST', url: '/listings', ...json({ title: 'Veste en jean Levi’s', price: 30, status: 'listed' }) })).json();
    const soldRes = await t.app.inject({ method: 'POST', url: `/listings/${item.id}/sold`, ...json({ sold_price: 27 }) });
    expect(soldRes.statusCode, soldRes.body).toBe(200);
    await r.waitFor(3);
    expect(r.received.every((x) => x.signatureValid)).toBe(true);
    // Deliveries go out through the job queue, so two events close together may arrive in either order (as with any
    // webhook sender); each carries its own event name and id.
    expect(r.received[0].json.event).toBe('webhook.test');
    expect(r.received.map((x) => x.json.event).sort()).toEqual(['item.sold', 'listing.created', 'webhook.test']);
    const sold = r.received.find((x) => x.json.event === 'item.sold')!;
    expect(sold.headers['x-vintedbot-event']).toBe('item.sold');
    expect(sold.headers['x-vintedbot-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(sold.json.data).toMatchObject({ item_id: item.id, sold_price: 27, item: { title: 'Veste en jean Levi’s', status: 'sold' } });
    // A body altered on the way no longer matches its signature.
    const { verifyWebhook } = await import('../../src/modules/webhooks/index.ts');
    expect(verifyWebhook(hook.secret, String(sold.headers['x-vintedbot-timestamp']), sold.body.replace('27', '2'), String(sold.headers['x-vintedbot-signature']))).toBe(false);

    const log = await pollUntil('three deliveries logged as delivered', () => deliveries(t, hook.id), (d) => d.length === 3 && d.every((x) => x.state === 'delivered'));
    expect(log.map((d) => [d.event, d.response_code])).toEqual([['item.sold', 200], ['listing.created', 200], ['webhook.test', 200]]);
    // Never in clear in the logs either.
    expect(t.logs.join('')).not.toContain(hook.secret);
  });

  it('retries a delivery answered 500 with back-off until it is delivered', async () => {
    const t = await open({ WEBHOOK_RETRY_BASE_MS: '50' });
    const r = await receiver();
    const hook = await subscribe(t, { url: r.url, events: ['listing.created'], allow_local: true });
    r.setSecret(hook.secret);
    r.answerNext(500, 503);
    await t.app.inject({ method: 'POST', url: '/listings', ...json({ title: 'Robe d’été', price: 12 }) });
    await r.waitFor(3);
    expect(r.received.map((x) => x.answered)).toEqual([500, 503, 200]);
    expect(new Set(r.received.map((x) => x.json.id)).size).toBe(1); // the same delivery, resent
    const [d] = await pollUntil('the delivery marked delivered', () => deliveries(t, hook.id), (l) => l[0]?.state === 'delivered');
    expect(d).toMatchObject({ attempts: 3, response_code: 200, error: null, next_attempt_at: null });
  });

  it('keeps retrying after a restart, from the delivery log', async () => {
    const first = await open({ WEBHOOK_RETRY_BASE_MS: '1500' }, { keepData: true });
    const r = await receiver();
    const hook = await subscribe(first, { url: r.url, events: ['listing.created'], allow_local: true });
    r.setSecret(hook.secret);
    r.answerNext(500);
    await first.app.inject({ method: 'POST', url: '/listings', ...json({ title: 'Chemise à carreaux', price: 15 }) });
    const [waiting] = await pollUntil('a retry planned', () => deliveries(first, hook.id), (l) => l[0]?.state === 'retrying');
    expect(waiting).toMatchObject({ attempts: 1, response_code: 500, error: 'http_500' });
    await first.close();
    apps.splice(apps.indexOf(first), 1);

    const second = await open({ WEBHOOK_RETRY_BASE_MS: '1500' }, { dataDir: first.dataDir, pgSchema: first.pgSchema });
    await r.waitFor(2);
    expect(r.received[1].signatureValid).toBe(true);
    const [done] = await pollUntil('the retry delivered', () => deliveries(second, hook.id), (l) => l[0]?.state === 'delivered');
    expect(done).toMatchObject({ attempts: 2, response_code: 200 });
  });

  it('gives up after the retry window and says why', async () => {
    const t = await open({ WEBHOOK_RETRY_BASE_MS: '20', WEBHOOK_RETRY_HOURS: '0' });
    const r = await receiver();
    const hook = await subscribe(t, { url: r.url, events: ['listing.created'], allow_local: true });
    r.answerNext(500);
    await t.app.inject({ method: 'POST', url: '/listings', ...json({ title: 'Pull gris', price: 9 }) });
    const [d] = await pollUntil('the delivery failed', () => deliveries(t, hook.id), (l) => l[0]?.state === 'failed');
    expect(d).toMatchObject({ attempts: 1, response_code: 500, error: 'http_500' });
    expect((await t.app.inject({ method: 'DELETE', url: `/webhooks/${hook.id}` })).statusCode).toBe(204);
    expect((await t.app.inject({ url: `/webhooks/${hook.id}/deliveries` })).json().error.code).toBe('webhook_not_found');
  });
});

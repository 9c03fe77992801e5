import { createHmac, randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

// Stripe's API as a real HTTP server on 127.0.0.1, for the calls billing makes through the official SDK (pointed at
// it with STRIPE_API_BASE): customers, Checkout Sessions, billing-portal sessions and subscription retrieval, with
// Stripe-shaped JSON and Stripe's error shape; every request is recorded (path, form fields, key). It also plays
// Stripe's side of Checkout: `complete()` turns a session into an active subscription and returns the events Stripe
// would send, and `signEvent()` signs a payload exactly as Stripe signs webhooks (t=…,v1=HMAC-SHA256(`${t}.${body}`)).
// A browser test can open a session's `url`: its page's Pay link completes the session, delivers the signed events
// to `webhookUrl`, then sends the browser to the session's success_url, as Stripe does.

export interface RecordedStripeRequest { method: string; path: string; form: Record<string, string>; authorization: string | undefined }
export interface FakeSubscription {
  id: string; object: 'subscription'; customer: string; status: string; cancel_at_period_end: boolean; metadata: Record<string, string>;
  items: { object: 'list'; data: { id: string; price: { id: string; object: 'price' }; current_period_end: number }[] };
}
export interface StripeEventJson { id: string; object: 'event'; type: string; created: number; livemode: false; data: { object: Record<string, unknown> } }

const id = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;
const nowS = () => Math.floor(Date.now() / 1000);

/** The Stripe-Signature header for `payload` at time `t` (seconds), as Stripe computes it. */
export function signStripePayload(payload: string, secret: string, t = nowS()): string {
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${payload}`).digest('hex')}`;
}

export function stripeEvent(type: string, object: Record<string, unknown>, created = nowS()): StripeEventJson {
  return { id: id('evt'), object: 'event', type, created, livemode: false, data: { object } };
}

export class FakeStripe extends EventEmitter {
  private server: http.Server | null = null;
  readonly requests: RecordedStripeRequest[] = [];
  readonly customers = new Map<string, { id: string; email: string; metadata: Record<string, string> }>();
  readonly sessions = new Map<string, Record<string, unknown> & { id: string; url: string; success_url: string; customer: string; client_reference_id: string | null; price: string; metadata: Record<string, string>; subscription: string | null }>();
  readonly subscriptions = new Map<string, FakeSubscription>();
  /** Where a page's Pay link delivers the events (browser tests), with `webhookSecret`. */
  webhookUrl: string | null = null;
  /** While true, cancelling a subscription answers Stripe's 400 (a refusal the SDK does not retry). */
  refuseCancel = false;
  port = 0;

  constructor(readonly webhookSecret: string) {
    super();
  }

  get base() {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.handle(req, Buffer.concat(chunks).toString('utf8'), res).catch((e) => send(res, 500, { error: { type: 'api_error', message: String(e) } }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(req: http.IncomingMessage, body: string, res: http.ServerResponse) {
    const url = new URL(req.url ?? '/', this.base);
    const form = Object.fromEntries(new URLSearchParams(body));
    if (url.pathname.startsWith('/v1/')) {
      this.requests.push({ method: req.method ?? '', path: url.pathname, form, authorization: req.headers.authorization });
      this.emit('request', this.requests.at(-1));
      if (!req.headers.authorization?.startsWith('Bearer sk_')) return send(res, 401, { error: { type: 'invalid_request_error', message: 'Invalid API Key provided' } });
    }
    if (req.method === 'POST' && url.pathname === '/v1/customers') {
      const c = { id: id('cus'), object: 'customer', email: form.email, metadata: fields(form, 'metadata') };
      this.customers.set(c.id, c);
      return send(res, 200, c);
    }
    if (req.method === 'POST' && url.pathname === '/v1/checkout/sessions') {
      if (!form.customer || !this.customers.has(form.customer)) return send(res, 400, { error: { type: 'invalid_request_error', message: `No such customer: '${form.customer}'`, param: 'customer' } });
      const sid = id('cs_test');
      const s = {
        id: sid, object: 'checkout.session', mode: form.mode, status: 'open', url: `${this.base}/pay/${sid}`, customer: form.customer,
        client_reference_id: form.client_reference_id ?? null, success_url: form.success_url, cancel_url: form.cancel_url,
        price: form['line_items[0][price]'], metadata: fields(form, 'metadata'), subscription: null as string | null,
      };
      this.sessions.set(sid, s);
      return send(res, 200, s);
    }
    if (req.method === 'POST' && url.pathname === '/v1/billing_portal/sessions') {
      if (!this.customers.has(form.customer)) return send(res, 400, { error: { type: 'invalid_request_error', message: `No such customer: '${form.customer}'`, param: 'customer' } });
      return send(res, 200, { id: id('bps'), object: 'billing_portal.session', customer: form.customer, return_url: form.return_url, url: `${this.base}/portal/${form.customer}` });
    }
    const sub = /^\/v1\/subscriptions\/([A-Za-z0-9_]+)$/.exec(url.pathname);
    if (req.method === 'GET' && sub) {
      const s = this.subscriptions.get(sub[1]);
      return s ? send(res, 200, s) : send(res, 404, { error: { type: 'invalid_request_error', message: `No such subscription: '${sub[1]}'` } });
    }
    if (req.method === 'DELETE' && sub) {
      const s = this.subscriptions.get(sub[1]);
      if (!s) return send(res, 404, { error: { type: 'invalid_request_error', message: `No such subscription: '${sub[1]}'` } });
      if (this.refuseCancel) return send(res, 400, { error: { type: 'invalid_request_error', message: 'This subscription cannot be cancelled (refused by the test)' } });
      s.status = 'canceled';
      return send(res, 200, s);
    }
    // Stripe's hosted pages, for a browser: the Checkout page and its Pay link.
    const page = /^\/pay\/([A-Za-z0-9_]+)(\/done)?$/.exec(url.pathname);
    if (req.method === 'GET' && page && this.sessions.has(page[1])) {
      const s = this.sessions.get(page[1])!;
      if (!page[2]) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html><title>Fake Checkout</title><h1>Fake Checkout</h1><p>${s.price}</p><a href="/pay/${s.id}/done">Pay</a>`);
        return;
      }
      const events = this.complete(s.id);
      for (const e of events) await this.deliver(e);
      res.writeHead(303, { location: s.success_url }).end();
      return;
    }
    const portal = /^\/portal\/(cus_[A-Za-z0-9_]+)$/.exec(url.pathname);
    if (req.method === 'GET' && portal && this.customers.has(portal[1])) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html><title>Fake customer portal</title><h1>Fake customer portal</h1><p>${portal[1]}</p>`);
      return;
    }
    send(res, 404, { error: { type: 'invalid_request_error', message: `Unrecognized request URL (${req.method}: ${url.pathname})` } });
  }

  /** Stripe's side of a paid Checkout: an active subscription, and the events it sends (session completed, subscription created). */
  complete(sessionId: string, status = 'active'): StripeEventJson[] {
    const s = this.sessions.get(sessionId);
    if (!s) throw new Error(`no session ${sessionId}`);
    const subscription: FakeSubscription = {
      id: id('sub'), object: 'subscription', customer: s.customer, status, cancel_at_period_end: false, metadata: { ...s.metadata },
      items: { object: 'list', data: [{ id: id('si'), price: { id: s.price, object: 'price' }, current_period_end: nowS() + 30 * 86400 }] },
    };
    this.subscriptions.set(subscription.id, subscription);
    Object.assign(s, { status: 'complete', subscription: subscription.id });
    return [stripeEvent('checkout.session.completed', { ...s }), stripeEvent('customer.subscription.created', { ...subscription })];
  }

  /** A change to a subscription (plan, status, cancellation) and the event Stripe sends for it. */
  update(subId: string, change: { price?: string; status?: string; cancel_at_period_end?: boolean }, type = 'customer.subscription.updated', created?: number): StripeEventJson {
    const sub = this.subscriptions.get(subId);
    if (!sub) throw new Error(`no subscription ${subId}`);
    if (change.price) sub.items.data[0].price.id = change.price;
    if (change.status) sub.status = change.status;
    if (change.cancel_at_period_end !== undefined) sub.cancel_at_period_end = change.cancel_at_period_end;
    return stripeEvent(type, structuredClone(sub) as unknown as Record<string, unknown>, created);
  }

  /** The body and Stripe-Signature header of a delivery of `event` (signed at `t`, with `secret` unless told). */
  signed(event: unknown, opts: { t?: number; secret?: string } = {}): { payload: string; signature: string } {
    const payload = JSON.stringify(event);
    return { payload, signature: signStripePayload(payload, opts.secret ?? this.webhookSecret, opts.t) };
  }

  /** Posts `event`, signed, to `webhookUrl` (as Stripe delivers) and emits 'delivered' with the answer's status. */
  async deliver(event: StripeEventJson): Promise<number> {
    if (!this.webhookUrl) throw new Error('FakeStripe.webhookUrl is not set');
    const { payload, signature } = this.signed(event);
    const res = await fetch(this.webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': signature }, body: payload });
    await res.arrayBuffer();
    this.emit('delivered', { event, status: res.status });
    return res.status;
  }
}

/** `metadata[user_id]=…` form fields as an object. */
function fields(form: Record<string, string>, name: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(form)) {
    const m = new RegExp(`^${name}\\[([^\\]]+)\\]$`).exec(k);
    if (m) out[m[1]] = v;
  }
  return out;
}

function send(res: http.ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json', 'request-id': id('req') }).end(JSON.stringify(body));
}

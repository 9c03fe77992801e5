import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/test-app.ts';
import { accountsApp, bearer, inviteUser, setUpAdmin } from '../accounts/helpers.ts';

// The live stream /events in accounts mode (issue 20, "Every row belongs to someone"): each connection receives the
// events of its own owner only. Over real HTTP, each person with their own API token, as the web app or a script.

let t: TestApp;
let port = 0;
const tokens: { a: string; b: string } = { a: '', b: '' };

interface Stream { text(): string; until(needle: string): Promise<string>; close(): void }

/** Opens /events as the holder of `token`; resolves once the server says `: connected`. */
function openStream(token: string): Promise<Stream> {
  return new Promise((resolve, reject) => {
    let buf = '';
    const waiters: { needle: string; done: (s: string) => void }[] = [];
    const req = http.get({ host: '127.0.0.1', port, path: '/events?types=item.created,item.updated', headers: { authorization: `Bearer ${token}` } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`/events: ${res.statusCode}`));
      res.setEncoding('utf8');
      const stream: Stream = {
        text: () => buf,
        until: (needle) => new Promise((done) => (buf.includes(needle) ? done(buf) : waiters.push({ needle, done }))),
        close: () => req.destroy(),
      };
      res.on('data', (chunk: string) => {
        buf += chunk;
        for (const w of [...waiters]) if (buf.includes(w.needle)) waiters.splice(waiters.indexOf(w), 1), w.done(buf);
        if (buf.includes(': connected') && !opened) (opened = true), resolve(stream);
      });
    });
    let opened = false;
    req.on('error', (e) => opened || reject(e));
  });
}

beforeAll(async () => {
  t = await accountsApp();
  const admin = await setUpAdmin(t);
  tokens.a = (await admin.post('/auth/tokens', { name: 'stream A' })).json().token;
  const bea = await inviteUser(t, admin, 'bea@example.org', 'bea-password-123');
  tokens.b = (await bea.post('/auth/tokens', { name: 'stream B' })).json().token;
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  port = (t.app.server.address() as AddressInfo).port;
});
afterAll(async () => t.close());

describe('/events in accounts mode', () => {
  it("delivers an owner's item events to that owner's streams only", async () => {
    const a = await openStream(tokens.a);
    const b = await openStream(tokens.b);
    try {
      const made = await bearer(t, tokens.a, 'POST', '/listings', { title: 'Manteau secret de Ada', price: 80 });
      expect(made.statusCode).toBe(201);
      const id = made.json().id as string;
      expect((await bearer(t, tokens.a, 'PATCH', `/listings/${id}`, { price: 75 })).statusCode).toBe(200);
      const seenByA = await a.until('event: item.updated');
      expect(seenByA).toContain('Manteau secret de Ada');
      expect(seenByA).toContain(id);

      // B's own change comes after A's on the same bus, in order: once B's stream has it, A's events would be there.
      const own = await bearer(t, tokens.b, 'POST', '/listings', { title: 'Jupe de Bea', price: 20 });
      expect(own.statusCode).toBe(201);
      const seenByB = await b.until('Jupe de Bea');
      expect(seenByB).not.toContain('Manteau secret de Ada');
      expect(seenByB).not.toContain(id);
      expect(seenByB).not.toContain('"owner"');
      // …and A's stream never gets B's.
      const bEvent = await a.until('event: item.created');
      expect(bEvent).not.toContain('Jupe de Bea');
    } finally {
      a.close();
      b.close();
    }
  });
});

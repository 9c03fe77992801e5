import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/test-app.ts';
import { accountsApp, type Browser, inviteUser, setUpAdmin } from './helpers.ts';

// The admin cannot delete a person while a job of theirs is running: it would go on writing rows under an id that
// no longer exists. The running job here is a real one: the delivery of the person's webhook, to a receiver on a
// local port that holds its answer until the test releases it.

/** A webhook receiver that answers nothing until `release()`; `arrived` resolves on the first request. */
async function heldReceiver() {
  const held: http.ServerResponse[] = [];
  let arrivedResolve!: () => void;
  const arrived = new Promise<void>((r) => (arrivedResolve = r));
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      held.push(res);
      arrivedResolve();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    arrived,
    release: () => { for (const res of held.splice(0)) res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'); },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

describe('deleting a person with a job running', () => {
  let t: TestApp;
  let admin: Browser;
  let receiver: Awaited<ReturnType<typeof heldReceiver>>;
  beforeAll(async () => {
    t = await accountsApp();
    admin = await setUpAdmin(t);
    receiver = await heldReceiver();
  });
  afterAll(async () => {
    receiver.release();
    await t.close();
    await receiver.close();
  });

  it('refuses with 409 user_has_running_jobs and changes nothing, then deletes once the job has ended', async () => {
    const ann = await inviteUser(t, admin, 'ann@example.org', 'ann-password-123');
    const annId = (await ann.get('/auth/session')).json().user.id as string;
    expect((await ann.post('/webhooks', { url: receiver.url, events: ['listing.created'], allow_local: true })).statusCode).toBe(201);
    const ended = new Promise<string>((resolve) => {
      const off = t.ctx.events.on('job.progress', (e) => {
        if (['completed', 'failed'].includes(e.data.state)) {
          off();
          resolve(e.data.state);
        }
      });
    });
    expect((await ann.post('/listings', { title: 'Veste en jean' })).statusCode).toBe(201);
    await receiver.arrived;

    // Her webhook's delivery is running (the receiver holds its answer).
    const refused = await admin.del(`/admin/users/${annId}?data=delete`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('user_has_running_jobs');
    expect(refused.json().error.details.kinds).toHaveLength(1);
    expect((await admin.get('/admin/users')).json().users.map((u: { email: string }) => u.email)).toContain('ann@example.org');
    expect((await ann.get('/listings')).json().items.map((i: { title: string }) => i.title)).toEqual(['Veste en jean']);
    const transfer = await admin.del(`/admin/users/${annId}?data=transfer&to=${(await admin.get('/auth/session')).json().user.id}`);
    expect(transfer.json().error.code).toBe('user_has_running_jobs');

    receiver.release();
    expect(await ended).toBe('completed');
    expect((await admin.del(`/admin/users/${annId}?data=delete`)).statusCode).toBe(200);
    expect((await admin.get('/admin/users')).json().users.map((u: { email: string }) => u.email)).not.toContain('ann@example.org');
  });
});

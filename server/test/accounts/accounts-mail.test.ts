import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/test-app.ts';
import { startFakeSmtp, type FakeSmtp } from '../fakes/fake-smtp.ts';
import { accountsApp, Browser, inviteUser, setUpAdmin } from './helpers.ts';

// Reset and invitation links by e-mail (issue 20 point 2), through a real SMTP server on a local port: what the
// seller's mail provider receives, in which language, what the links open, and what never reaches a log.

const linkIn = (text: string) => {
  const m = /(http\S+#(\S+))/.exec(text);
  if (!m) throw new Error(`no link in:\n${text}`);
  return { url: m[1], token: m[2] };
};

describe('accounts with SMTP_URL', () => {
  let smtp: FakeSmtp;
  let t: TestApp;
  let admin: Browser;
  let closed = false;

  beforeAll(async () => {
    smtp = await startFakeSmtp();
    t = await accountsApp({ SMTP_URL: smtp.url, MAIL_FROM: 'Boutique <shop@example.org>' });
    admin = await setUpAdmin(t);
  });
  afterAll(async () => {
    if (!closed) await t.close();
    await smtp.close();
  });

  it('tells the login page that a forgotten password can be reset by e-mail', async () => {
    const res = await new Browser(t).get('/auth/session');
    expect(res.json()).toMatchObject({ mode: 'accounts', reset_by_email: true });
  });

  it('e-mails an invitation in the language asked, and its link creates the account', async () => {
    const res = await admin.post('/admin/invitations', { email: 'Zoe@Example.org', send_email: true, lang: 'en' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ kind: 'invite', email: 'zoe@example.org', emailed: true });
    const mail = await smtp.next();
    expect(mail.to).toEqual(['zoe@example.org']);
    expect(mail.from).toBe('shop@example.org');
    expect(mail.subject).toBe('Your VintedBot invitation');
    expect(mail.text).toContain('from Ada');
    const { url, token } = linkIn(mail.text);
    expect(url).toBe(res.json().url);
    const zoe = new Browser(t);
    const accepted = await zoe.post('/auth/invitations/accept', { token, password: 'zoe-password-123', name: 'Zoé' });
    expect(accepted.statusCode).toBe(201);
    expect(accepted.json().user).toMatchObject({ email: 'zoe@example.org' });
  });

  it('e-mails a reset link to whoever has the account, the same answer for an address with none', async () => {
    await inviteUser(t, admin, 'lea@example.org', 'old-password-123');
    const stranger = new Browser(t, '10.0.0.9');
    const none = await stranger.req('POST', '/auth/password-reset/request', { email: 'nobody@example.org' });
    const some = await stranger.req('POST', '/auth/password-reset/request', { email: 'LEA@example.org' }, { 'accept-language': 'fr-FR,fr;q=0.9,en;q=0.5' });
    expect([none.statusCode, some.statusCode]).toEqual([202, 202]);
    expect(none.body).toBe(some.body);

    const mail = await smtp.next();
    expect(mail.to).toEqual(['lea@example.org']);
    expect(mail.subject).toBe('Choisir un nouveau mot de passe VintedBot');
    expect(mail.text).toContain('Il sert une seule fois');
    const { token } = linkIn(mail.text);
    const lea = new Browser(t);
    const reset = await lea.post('/auth/password-reset', { token, password: 'new-password-456' });
    expect(reset.statusCode).toBe(200);
    expect((await new Browser(t).post('/auth/login', { email: 'lea@example.org', password: 'old-password-123' })).statusCode).toBe(401);
    expect((await new Browser(t).post('/auth/login', { email: 'lea@example.org', password: 'new-password-456' })).statusCode).toBe(200);
    // Used once: the same link no longer works.
    expect((await lea.post('/auth/password-reset', { token, password: 'another-password-789' })).json().error.code).toBe('link_invalid');
  });

  it('says when the SMTP server refuses the e-mail, and still gives the admin the link to hand over', async () => {
    smtp.refuseLogins();
    const users = (await admin.get('/admin/users')).json().users as { id: string; email: string }[];
    const zoe = users.find((u) => u.email === 'zoe@example.org')!;
    const res = await admin.post(`/admin/users/${zoe.id}/reset-link`, { send_email: true });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ kind: 'reset', emailed: false });
    expect(res.json().url).toMatch(/\/mot-de-passe#/);
    expect(t.logs.join('\n')).toMatch(/"code":"EAUTH"/);
  });

  it('sends nothing to an unknown address nor twice to one account within minutes, and logs no secret', async () => {
    const before = smtp.received.length;
    const b = new Browser(t, '10.0.0.10');
    await b.post('/auth/password-reset/request', { email: 'lea@example.org' });
    await b.post('/auth/password-reset/request', { email: 'ghost@example.org' });
    // Stopping the app waits for the e-mail work under way: after it, every send that was going to happen has.
    await t.close();
    closed = true;
    expect(smtp.received.length).toBe(before);
    expect(smtp.received.map((m) => m.to[0])).not.toContain('nobody@example.org');
    const logs = t.logs.join('\n');
    expect(logs).not.toContain('smtp-secret-pass');
    for (const m of smtp.received) expect(logs).not.toContain(linkIn(m.text).token);
  });
});

describe('accounts without SMTP_URL', () => {
  let t: TestApp;
  let admin: Browser;
  beforeAll(async () => {
    t = await accountsApp();
    admin = await setUpAdmin(t);
  });
  afterAll(async () => t.close());

  it('answers a reset request that no e-mail can be sent, and hands invitations over as before', async () => {
    expect((await new Browser(t).get('/auth/session')).json().reset_by_email).toBe(false);
    const res = await new Browser(t).post('/auth/password-reset/request', { email: 'ada@example.org' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('mail_not_configured');
    const inv = await admin.post('/admin/invitations', { email: 'sam@example.org', send_email: true });
    expect(inv.statusCode).toBe(201);
    expect(inv.json()).toMatchObject({ emailed: false });
  });
});

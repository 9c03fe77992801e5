import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/test-app.ts';
import { accountsApp, bearer, type Browser, HOST, inviteUser, setUpAdmin } from '../accounts/helpers.ts';
import { DEV_PHOTOS, devPhoto, multipart } from '../photos/photo-files.ts';
import { READY_ITEM } from '../vinted/vinted-fixtures.ts';
import { EXT_ORIGIN } from './paired-extension.ts';

// The browser extension on an accounts-mode server (issue 20): the extension is paired to the person who asked for
// the pairing code, its requests run as that person (the owner read from its token's row), and each person lists
// and revokes only their own paired extensions.

let t: TestApp;
let ada: Browser;
let bea: Browser;
const drafts = { a: '', b: '' };

/** A publish-ready draft of the holder of `token`, with a photo of their own. */
async function readyDraft(token: string, title: string, photo: string): Promise<string> {
  const up = multipart([{ filename: 'p.jpg', content: devPhoto(photo) }]);
  const photos = await t.app.inject({ method: 'POST', url: '/photos', headers: { host: HOST, authorization: `Bearer ${token}`, ...up.headers }, payload: up.payload });
  expect(photos.statusCode, photos.body).toBe(201);
  const item = await bearer(t, token, 'POST', '/listings', { ...READY_ITEM, title, photos: [photos.json().photos[0].id] });
  expect(item.statusCode, item.body).toBe(201);
  return item.json().id;
}

/** Pairs an extension as `who` does it: a code shown in their app, typed into the extension, traded for its token. */
async function pairAs(who: Browser, name: string): Promise<{ token: string; token_id: string }> {
  const code = await who.post('/extension/pairing-codes', {});
  expect(code.statusCode, code.body).toBe(200);
  const res = await t.app.inject({ method: 'POST', url: '/extension/pair', payload: { code: code.json().code, name }, headers: { host: HOST, origin: EXT_ORIGIN } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

const ext = (token: string, url: string) => t.app.inject({ method: 'GET', url, headers: { host: HOST, origin: EXT_ORIGIN, authorization: `Bearer ${token}` } });

beforeAll(async () => {
  t = await accountsApp();
  ada = await setUpAdmin(t);
  bea = await inviteUser(t, ada, 'bea@example.org', 'bea-password-123');
  const tokenA = (await ada.post('/auth/tokens', { name: 'A' })).json().token;
  const tokenB = (await bea.post('/auth/tokens', { name: 'B' })).json().token;
  drafts.a = await readyDraft(tokenA, 'Pull secret de Ada', DEV_PHOTOS[0]);
  drafts.b = await readyDraft(tokenB, 'Pull de Bea', DEV_PHOTOS[1]);
});
afterAll(async () => t.close());

describe('the extension in accounts mode', () => {
  it("pairs to the person who asked for the code and sees that person's drafts only", async () => {
    const { token } = await pairAs(bea, 'Chromium de Bea');
    const list = await ext(token, '/extension/drafts');
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().drafts.map((d: { id: string }) => d.id)).toEqual([drafts.b]);
    expect(list.body).not.toContain('Pull secret de Ada');
    expect((await ext(token, `/extension/drafts/${drafts.b}`)).json()).toMatchObject({ id: drafts.b });
    // A's draft is, for B's extension, a draft that does not exist.
    const other = await ext(token, `/extension/drafts/${drafts.a}`);
    expect(other.statusCode).toBe(404);
    expect(other.body).toContain('item_not_found');
    expect(other.body).not.toContain('Pull secret de Ada');

    const { token: adaToken } = await pairAs(ada, 'Firefox de Ada');
    expect((await ext(adaToken, '/extension/drafts')).json().drafts.map((d: { id: string }) => d.id)).toEqual([drafts.a]);
  });

  it('lists and revokes only your own paired extensions', async () => {
    const mine = (await bea.get('/extension/tokens')).json();
    const theirs = (await ada.get('/extension/tokens')).json();
    const names = (x: unknown) => JSON.stringify(x);
    expect(names(mine)).toContain('Chromium de Bea');
    expect(names(mine)).not.toContain('Firefox de Ada');
    expect(names(theirs)).toContain('Firefox de Ada');
    expect(names(theirs)).not.toContain('Chromium de Bea');
    const beaExt = ((mine.tokens ?? mine) as { id: string; name: string }[]).find((x) => x.name === 'Chromium de Bea')!;
    expect((await ada.del(`/extension/tokens/${beaExt.id}`)).statusCode).toBe(404);
    expect(names((await bea.get('/extension/tokens')).json())).toContain('Chromium de Bea');
    expect((await bea.del(`/extension/tokens/${beaExt.id}`)).statusCode).toBeLessThan(300);
    expect(names((await bea.get('/extension/tokens')).json())).not.toContain('Chromium de Bea');
  });

  it("burns only the asker's open code when they ask for a new one", async () => {
    const first = (await bea.post('/extension/pairing-codes', {})).json().code;
    await ada.post('/extension/pairing-codes', {});
    const res = await t.app.inject({ method: 'POST', url: '/extension/pair', payload: { code: first, name: 'Edge de Bea' }, headers: { host: HOST, origin: EXT_ORIGIN } });
    expect(res.statusCode, res.body).toBe(200);
    const list = await ext(res.json().token, '/extension/drafts');
    expect(list.json().drafts.map((d: { id: string }) => d.id)).toEqual([drafts.b]);
  });
});

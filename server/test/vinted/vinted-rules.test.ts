import { describe, expect, it } from 'vitest';
import { SecretBox } from '../../src/platform/security/secret-box.ts';
import { classifyPage, classifyResponse } from '../../src/modules/vinted/challenge-signals.ts';
import { parseRetryAfter } from '../../src/platform/http/retry-after.ts';
import { signConfirmToken, verifyConfirmToken } from '../../src/modules/vinted/confirm-token.ts';
import { cookieProblem, parseCookieHeader } from '../../src/modules/vinted/cookie-header.ts';
import { contentFromRequest, contentHash, vintedProblems } from '../../src/modules/vinted/listing-content.ts';
import { compareFilled } from '../../src/modules/vinted/browser/form-readback.ts';
import { formatFormPrice, packageSizeFor, parseFormPrice } from '../../src/modules/vinted/vinted-facts.ts';
import { CHROMIUM_ARGS } from '../../src/modules/vinted/browser/browser-pool.ts';

// The connector's pure rules, each checked directly: cookie shape, challenge signals, tokens, limits, read-back.

describe('the Cookie header a seller pastes', () => {
  it('accepts a real header and splits it', () => {
    expect(parseCookieHeader('Cookie: access_token_web=eyJ.a-b_c; anon_id=7b1e; v_udt=x%3D%3D')).toEqual([
      { name: 'access_token_web', value: 'eyJ.a-b_c' }, { name: 'anon_id', value: '7b1e' }, { name: 'v_udt', value: 'x%3D%3D' },
    ]);
    expect(cookieProblem('a=1; b=2')).toBeNull();
  });

  it('refuses newlines, oversize, empty and malformed headers', () => {
    expect(cookieProblem('a=1;\r\nX-Injected: 1')).toBe('control_characters');
    expect(cookieProblem('a=1\nb=2')).toBe('control_characters');
    expect(cookieProblem(`a=${'x'.repeat(100 * 1024)}`)).toBe('too_large');
    expect(cookieProblem('   ')).toBe('empty');
    expect(cookieProblem('just some text')).toBe('malformed');
    expect(cookieProblem('a=has space')).toBe('malformed');
    expect(cookieProblem('=novalue')).toBe('malformed');
  });
});

describe('challenge signals (shared/VINTED.md)', () => {
  const url = 'https://www.vinted.fr/api/v2/item_upload/items';
  it('reads DataDome, Cloudflare, 429, 401, session refresh and non-JSON answers', () => {
    expect(classifyResponse({ status: 403, url, body: '{"url":"https://geo.captcha-delivery.com/captcha/?initialCid=x"}', expectJson: true })?.reason).toBe('captcha_or_verification');
    expect(classifyResponse({ status: 403, url, body: '<title>Just a moment...</title>' })?.reason).toBe('captcha_or_verification');
    expect(classifyResponse({ status: 403, url, body: 'Forbidden' })).toMatchObject({ kind: 'forbidden', reason: 'access_denied' });
    expect(classifyResponse({ status: 429, url, retryAfter: '120' })).toMatchObject({ reason: 'site_rate_limited', retryAfterSeconds: 120 });
    expect(classifyResponse({ status: 401, url, body: '{}' })?.reason).toBe('session_expired');
    expect(classifyResponse({ status: 302, url, location: '/session-refresh?ref_url=%2Fitems%2Fnew' })?.reason).toBe('session_expired');
    expect(classifyResponse({ status: 200, url, contentType: 'text/html', body: '<html>', expectJson: true })?.reason).toBe('unexpected_response');
    expect(classifyResponse({ status: 200, url, contentType: 'application/json', body: '{"item":{"id":1}}', expectJson: true })).toBeNull();
  });

  it('reads the page: captcha frame, captcha element, verification text, restriction banner', () => {
    const page = { url: 'https://www.vinted.fr/items/new', title: 'Vends', text: 'Titre', iframeSources: [] as string[], hasCaptchaElement: false };
    expect(classifyPage(page)).toBeNull();
    expect(classifyPage({ ...page, iframeSources: ['https://geo.captcha-delivery.com/captcha/?x'] })?.reason).toBe('captcha_or_verification');
    expect(classifyPage({ ...page, hasCaptchaElement: true })?.reason).toBe('captcha_or_verification');
    expect(classifyPage({ ...page, title: 'Just a moment...' })?.reason).toBe('captcha_or_verification');
    expect(classifyPage({ ...page, text: 'We noticed unusual activity from your account' })?.reason).toBe('captcha_or_verification');
    expect(classifyPage({ ...page, text: "Ton compte est restreint jusqu'au 12/06/2026" })?.reason).toBe('account_restricted');
    expect(classifyPage({ ...page, url: 'https://www.vinted.fr/session-refresh' })?.reason).toBe('session_expired');
  });

  it('reads Retry-After as seconds or as a date', () => {
    expect(parseRetryAfter('30')).toBe(30);
    expect(parseRetryAfter(new Date(Date.now() + 90_000).toUTCString())).toBeGreaterThanOrEqual(88);
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});

describe('confirm tokens', () => {
  const box = new SecretBox(Buffer.alloc(32, 9), 'key_file');
  const claims = { jti: 'j1', draft_id: 'd1', content_hash: 'h'.repeat(64), exp: Date.now() + 60_000 };

  it('round-trips, and refuses forged, altered, expired and foreign tokens', () => {
    const token = signConfirmToken(box, claims);
    expect(verifyConfirmToken(box, token)).toEqual(claims);
    const [body, sig] = token.split('.');
    const altered = Buffer.from(JSON.stringify({ v: 1, jti: 'j1', d: 'other-draft', h: claims.content_hash, exp: claims.exp })).toString('base64url');
    expect(() => verifyConfirmToken(box, `${altered}.${sig}`)).toThrow(expect.objectContaining({ code: 'invalid_confirm_token' }));
    expect(() => verifyConfirmToken(box, `${body}.${'A'.repeat(43)}`)).toThrow(expect.objectContaining({ code: 'invalid_confirm_token' }));
    expect(() => verifyConfirmToken(box, 'garbage')).toThrow(expect.objectContaining({ status: 400 }));
    expect(() => verifyConfirmToken(new SecretBox(Buffer.alloc(32, 8), 'key_file'), token)).toThrow(expect.objectContaining({ code: 'invalid_confirm_token' }));
    expect(() => verifyConfirmToken(box, signConfirmToken(box, { ...claims, exp: Date.now() - 1 }))).toThrow(expect.objectContaining({ code: 'confirm_token_expired' }));
  });
});

describe('listing content and Vinted limits', () => {
  it('lists every limit an ad-hoc listing breaks, before any browser', () => {
    const { content, unknownColours } = contentFromRequest({ title: 'Pull', price: 0.5, description: 'ok', color: ['navy', 'black', 'red', 'plaid'], category_hint: 'spaceship', photos: [] });
    expect(unknownColours).toEqual(['plaid']);
    expect(vintedProblems(content)).toEqual(expect.arrayContaining(['title_too_short', 'description_too_short', 'too_few_photos', 'missing_price', 'too_many_colours', 'missing_category', 'missing_condition']));
    const good = contentFromRequest({ title: 'Pull Zara laine', price: 12, description: 'Pull en laine, taille M', condition: 'Très bon état', color: 'Marine', category_hint: 'pull', size: 'M', photos: ['p1'] }).content;
    expect(vintedProblems(good)).toEqual([]);
    expect(good).toMatchObject({ condition: 'very_good', catalog_id: 1917, package_size: 2, price_cents: 1200 });
    expect(vintedProblems({ ...good, title: 'x'.repeat(101) })).toEqual(['title_too_long']);
    expect(vintedProblems({ ...good, photo_refs: Array.from({ length: 21 }, (_, i) => `p${i}`) })).toEqual(['too_many_photos']);
    expect(vintedProblems({ ...good, size: null })).toEqual(['missing_size']);
  });

  it('hashes content so any edit (photos included) changes the token binding', () => {
    const c = contentFromRequest({ title: 'Pull Zara laine', price: 12, description: 'desc', photos: ['p1'] }).content;
    const h = contentHash(c, ['a']);
    expect(contentHash(c, ['a'])).toBe(h);
    expect(contentHash({ ...c, price_cents: 1300 }, ['a'])).not.toBe(h);
    expect(contentHash(c, ['b'])).not.toBe(h);
  });

  it('writes and reads French prices; guesses a package size by category', () => {
    expect(formatFormPrice(4550)).toBe('45,50');
    expect(parseFormPrice('45,50 €')).toBe(4550);
    expect(parseFormPrice('45,5')).toBe(4550);
    expect(parseFormPrice('45')).toBe(4500);
    expect(parseFormPrice('abc')).toBeNull();
    expect(packageSizeFor('t-shirt')).toBe(1);
    expect(packageSizeFor('coat')).toBe(2);
  });

  it('turns every difference between the intent and the form into a warning', () => {
    const c = contentFromRequest({ title: 'Pull Zara laine', price: 12, description: 'desc ok', brand: 'Zara', size: 'M', condition: 'good', color: 'navy', category_hint: 'pull', photos: ['p1', 'p2'] }).content;
    const filled = {
      title: 'Pull Zara laine', description: 'desc ok', category: { id: 1917, label: 'Pulls' }, brand: 'Zara', size: 'M', condition: { id: 3, label: 'Bon état' },
      colours: { ids: [27], label: 'Marine' }, price: '12,00 €', price_cents: 1200, package_size: 2, photos: 2,
    };
    expect(compareFilled(c, 2, filled)).toEqual([]);
    const w = compareFilled(c, 2, { ...filled, price: '1,20 €', price_cents: 120, condition: { id: 2, label: 'Très bon état' }, photos: 1, size: 'L' });
    expect(w).toEqual(expect.arrayContaining([expect.stringMatching(/^price:/), expect.stringMatching(/^condition:/), expect.stringMatching(/^photos:/), expect.stringMatching(/^size:/)]));
  });
});

describe('browser flags', () => {
  it('passes no stealth or security-disabling flag', () => {
    expect(CHROMIUM_ARGS).toEqual(expect.arrayContaining(['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run']));
    for (const a of CHROMIUM_ARGS) expect(a).not.toMatch(/AutomationControlled|disable-web-security|user-agent|disable-features=IsolateOrigins/);
  });
});

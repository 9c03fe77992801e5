import http from 'node:http';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { api, LAPTOP, launchBrowser, openTab, startServer, type Server } from './helpers/browser.ts';

// Another site's page, served by a second local server, tries what an attacker's page would: a multipart upload,
// a text/plain "JSON" post and a bare POST through fetch(no-cors), and a plain HTML form. Chromium sends them (no
// preflight for any of these) and marks them with Origin and Sec-Fetch-Site; the app refuses each one.

let browser: Browser;
let server: Server;
let evil: http.Server;
let evilPort = 0;

function attackPage(target: string) {
  return `<!doctype html><html><body>
<form id="purge" method="post" action="${target}/maintenance/purge"><input name="dry_run" value="false"></form>
<form id="csv" method="post" action="${target}/import/csv" enctype="multipart/form-data"><input name="file" value="titre;prix"></form>
<script>
  // The answers are refused to this page anyway (no-cors, and CORP same-origin): the fetch promise rejects once the
  // answer has arrived, which is all the attack needs to wait for.
  const send = (url, init) => fetch(url, { ...init, mode: 'no-cors' }).catch(() => {});
  window.attack = async () => {
    const fd = new FormData();
    fd.append('file', new Blob(['titre;prix\\nPull piégé;10\\n'], { type: 'text/csv' }), 'stock.csv');
    await send('${target}/import/csv', { method: 'POST', body: fd });
    await send('${target}/listings', { method: 'POST', body: JSON.stringify({ title: 'Pull piégé' }), headers: { 'content-type': 'text/plain' } });
    await send('${target}/pricing/run', { method: 'POST' });
    await send('${target}/listings/' + window.itemId, { method: 'POST' });
    return 'sent';
  };
</script></body></html>`;
}

beforeAll(async () => {
  browser = await launchBrowser();
  server = await startServer({ PRICE_DROP_CRON: 'off', PURGE_CRON: 'off' });
  evil = http.createServer((_req, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(attackPage(server.base));
  });
  await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
  evilPort = (evil.address() as { port: number }).port;
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await new Promise((resolve) => evil?.close(resolve));
});

describe('a page of another site', () => {
  // localhost vs 127.0.0.1 is another site; another port on 127.0.0.1 is the same site but another origin.
  for (const [kind, host] of [['cross-site', 'localhost'], ['same-site, other port', '127.0.0.1']] as const) {
    test(`cannot change the stock (${kind})`, async () => {
      const item = (await api<{ id: string }>(server.base, 'POST', '/listings', { title: 'Chemise Oxford Uniqlo L', price: 25, status: 'listed' })).body;
      const before = (await api(server.base, 'GET', '/listings/all')).body;
      const tab = await openTab(browser, `http://${host}:${evilPort}/`, LAPTOP);
      const logged = server.logs.length;
      await tab.page.evaluate((id) => { (window as unknown as { itemId: string }).itemId = id; }, item.id);
      expect(await tab.page.evaluate(() => (window as unknown as { attack(): Promise<string> }).attack())).toBe('sent');
      // Plain HTML form posts (a navigation): the answer page is the refusal.
      for (const form of ['purge', 'csv']) {
        await Promise.all([
          tab.page.waitForURL((u) => u.href.startsWith(server.base)),
          tab.page.evaluate((f) => (document.getElementById(f) as HTMLFormElement).submit(), form),
        ]);
        expect(await tab.page.textContent('body')).toContain('cross_site_request');
        await tab.page.goBack();
      }
      // What the server answered, from its request log (the page itself may not read the answers).
      const answers = answered(server.logs.slice(logged));
      expect(answers).toEqual([
        ['POST /import/csv', 403], ['POST /listings', 403], ['POST /pricing/run', 403], [`POST /listings/${item.id}`, 403],
        ['POST /maintenance/purge', 403], ['POST /import/csv', 403],
      ]);
      expect((await api(server.base, 'GET', '/listings/all')).body).toEqual(before);
      expect((await api<{ runs: unknown[] }>(server.base, 'GET', '/pricing/runs')).body.runs).toEqual([]);
      await api(server.base, 'DELETE', `/listings/${item.id}`);
      await tab.close();
    });
  }
});

/** [method and path, status] of each request in pino's JSON log lines, in order. */
function answered(lines: string[]): [string, number][] {
  const urls = new Map<string, string>();
  const out: [string, number][] = [];
  for (const line of lines.join('').split('\n').filter(Boolean)) {
    const e = JSON.parse(line) as { reqId?: string; req?: { method: string; url: string }; res?: { statusCode: number } };
    if (!e.reqId) continue;
    if (e.req) urls.set(e.reqId, `${e.req.method} ${e.req.url.split('?')[0]}`);
    if (e.res && urls.get(e.reqId)?.startsWith('POST')) out.push([urls.get(e.reqId)!, e.res.statusCode]);
  }
  return out;
}

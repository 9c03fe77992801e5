import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FakeStripe } from '../fakes/fake-stripe.ts';
import { adminTab } from './helpers/accounts.ts';
import { launchBrowser, screenshot, startServer } from './helpers/browser.ts';

// Stripe billing in Chromium (AUTH_MODE=accounts, Stripe pointed at the local fake): the account page shows the free
// plan, "S’abonner" goes to (fake) Stripe Checkout, paying there delivers Stripe's signed events to the server's
// webhook and comes back to the account page, which shows the new plan and its quotas; "Manage my subscription"
// (in English) opens the (fake) customer portal.

const WEBHOOK_SECRET = 'whsec_e2e_0123456789abcdef';
const PLANS = [
  { id: 'free', name: 'Gratuit', quotas: { listings: 2 } },
  { id: 'pro', name: 'Pro', price: 'price_pro', quotas: { listings: 5 } },
];

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('billing', () => {
  test('subscribes through Checkout, the signed webhook sets the plan, the account page shows it', async () => {
    const stripe = await new FakeStripe(WEBHOOK_SECRET).start();
    const server = await startServer({
      AUTH_MODE: 'accounts', STRIPE_SECRET_KEY: 'sk_test_e2e', STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, STRIPE_PLANS: JSON.stringify(PLANS), STRIPE_API_BASE: stripe.base,
    });
    stripe.webhookUrl = `${server.base}/billing/webhook`;
    const delivered: number[] = [];
    stripe.on('delivered', (d: { status: number }) => delivered.push(d.status));
    try {
      const tab = await adminTab(browser, server.base);
      const p = tab.page;

      await p.goto(`${server.base}/compte`);
      await expect.poll(() => p.getByTestId('billing-plan').textContent()).toBe('Gratuit');
      await expect.poll(() => p.getByTestId('billing-card').getByText('Abonnement', { exact: true }).count()).toBe(1);
      await p.getByTestId('subscribe-pro').click();
      await expect.poll(() => p.url()).toMatch(new RegExp(`^${stripe.base}/pay/cs_test_`));
      await p.getByRole('link', { name: 'Pay' }).click();

      await expect.poll(() => p.url()).toBe(`${server.base}/compte?billing=success`);
      expect(delivered).toEqual([200, 200]);
      await expect.poll(() => p.getByTestId('billing-plan').textContent()).toBe('Pro');
      await expect.poll(() => p.getByTestId('billing-status').textContent()).toBe('Actif');
      await expect.poll(() => p.getByTestId('quota-listings').textContent()).toContain('0 sur 5');
      await screenshot(p, 'billing-subscribed');
      expect(stripe.requests.map((r) => r.path)).toEqual(['/v1/customers', '/v1/checkout/sessions', '/v1/subscriptions/' + [...stripe.subscriptions.keys()][0]]);

      // In English, "Manage my subscription" opens Stripe's customer portal.
      await p.evaluate(() => localStorage.setItem('vintedbot.lang', 'en'));
      await p.goto(`${server.base}/compte`);
      await expect.poll(() => p.getByTestId('billing-status').textContent()).toBe('Active');
      await p.getByRole('button', { name: 'Manage my subscription' }).click();
      await expect.poll(() => p.url()).toMatch(new RegExp(`^${stripe.base}/portal/cus_`));
      expect(tab.errors).toEqual([]);
      await tab.close();
    } finally {
      await server.close();
      await stripe.stop();
    }
  });
});

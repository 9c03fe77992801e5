import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, json, type TestApp } from '../helpers/test-app.ts';
import { inviteUser, setUpAdmin } from '../accounts/helpers.ts';

// GET /stats with several people on one server (AUTH_MODE=accounts): the trigger-kept counters count everyone's
// items, so each person's figures are counted from their own items, and come out as a single seller's would.
const apps: TestApp[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.close();
});

const STOCK = [
  { title: 'Robe Sézane Gaby', brand: 'Sézane', price: 60, status: 'listed' },
  { title: 'Pull Sézane en laine', brand: 'sézane', price: 45, status: 'draft' },
  { title: 'Jean Levi’s 501', brand: 'Levi’s', price: 30, status: 'listed' },
  { title: 'Veste Zara', brand: 'Zara', price: 25, status: 'archived' },
];
const comparable = (s: Record<string, unknown>) => ({ ...s, avg_days_since_creation: undefined });

describe('stats per owner', () => {
  it('counts only the caller\'s items, with the figures a single seller gets for the same stock', async () => {
    const single = await createTestApp({ PRICE_DROP_CRON: 'off' });
    apps.push(single);
    for (const it of STOCK) expect((await single.app.inject({ method: 'POST', url: '/listings', ...json(it) })).statusCode).toBe(201);
    const expected = (await single.app.inject({ method: 'GET', url: '/stats' })).json();
    expect(expected).toMatchObject({ total_items: 4, top_brands: ['Sézane', expect.any(String), expect.any(String)] });

    const shared = await createTestApp({ AUTH_MODE: 'accounts', PRICE_DROP_CRON: 'off' });
    apps.push(shared);
    const admin = await setUpAdmin(shared);
    for (const it of STOCK) expect((await admin.post('/listings', it)).statusCode).toBe(201);
    const bea = await inviteUser(shared, admin, 'bea@example.org', 'bea-password-123');
    expect((await bea.post('/listings', { title: 'Sac Longchamp', brand: 'Longchamp', price: 80, status: 'listed' })).statusCode).toBe(201);

    const adminStats = (await admin.get('/stats')).json();
    expect(comparable(adminStats)).toEqual(comparable(expected));
    const beaStats = (await bea.get('/stats')).json();
    expect(beaStats).toMatchObject({ total_items: 1, top_brands: ['Longchamp'], top_brand_counts: [{ brand: 'Longchamp', count: 1 }], listed_value: 80, by_status: { listed: 1, draft: 0, sold: 0, archived: 0 } });
  });
});

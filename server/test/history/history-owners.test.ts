import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_OWNER_ID, ownerScope } from '../../src/platform/security/owner-scope.ts';
import type { TestApp } from '../helpers/test-app.ts';
import { accountsApp, type Browser, inviteUser, setUpAdmin } from '../accounts/helpers.ts';

// History in accounts mode (issue 20): events are queued and written in batches by one drain, which runs in the
// scope of whichever event started it. Each entry must still be written as the owner whose change it records.

let t: TestApp;
let ada: Browser;
let bea: Browser;
let beaId = '';

beforeAll(async () => {
  t = await accountsApp();
  ada = await setUpAdmin(t);
  bea = await inviteUser(t, ada, 'bea@example.org', 'bea-password-123');
  beaId = (await bea.get('/auth/session')).json().user.id;
});
afterAll(async () => t.close());

describe('history of two owners', () => {
  it("writes each owner's events in that owner's history, even when one drain writes both", async () => {
    // Back to back: A's event starts the drain, B's is queued behind it and written by the same drain.
    ownerScope.run(LOCAL_OWNER_ID, () => t.ctx.events.emit('item.created', { item_id: 'item-of-ada', title: 'Manteau secret de Ada', publish_opt_in: false }));
    ownerScope.run(beaId, () => t.ctx.events.emit('item.created', { item_id: 'item-of-bea', title: 'Jupe de Bea', publish_opt_in: false }));
    const mine = (await bea.get('/history')).json();
    const theirs = (await ada.get('/history')).json();
    expect(JSON.stringify(mine)).toContain('Jupe de Bea');
    expect(JSON.stringify(mine)).not.toContain('Manteau secret de Ada');
    expect(JSON.stringify(theirs)).toContain('Manteau secret de Ada');
    expect(JSON.stringify(theirs)).not.toContain('Jupe de Bea');
  });
});

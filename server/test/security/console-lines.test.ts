import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { terminalSafe } from '../../src/modules/notifications/console-lines.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

// Titles come from sellers, CSV files, backups and LLMs: a title holding `\e[2J` must be printed as text, not
// clear the seller's terminal.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ PRICE_DROP_CRON: 'off', PURGE_CRON: 'off' });
});
afterAll(async () => {
  await t?.close();
});

// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe('console lines', () => {
  it('print control characters escaped, through the real event bus and subscriber', () => {
    const title = 'Pull \u001b[2J\u001b[31mrouge\u0007\r\nFAKE: 💸 Price drop\u009b1m \u202eevil';
    t.ctx.events.emit('draft.created', { item_id: 'a', title, target_price: 45 });
    t.ctx.events.emit('price.dropped', { item_id: 'a', title, old_price: 50, new_price: 47.5, rule: 'daily' });
    t.ctx.events.emit('duplicate.detected', { item_id: 'a', title, matches: [] });
    const lines = t.lines.slice(-3);
    expect(lines).toHaveLength(3);
    for (const line of lines) {
      expect(line).not.toMatch(RAW_CONTROL);
      expect(line).not.toContain('\n');
      expect(line).toContain('Pull \\x1b[2J\\x1b[31mrouge\\x07\\r\\nFAKE: 💸 Price drop\\x9b1m \\u202eevil');
    }
    expect(lines[0]).toBe('🧠 New AI draft created: Pull \\x1b[2J\\x1b[31mrouge\\x07\\r\\nFAKE: 💸 Price drop\\x9b1m \\u202eevil (45€ target)');
  });

  it('leave ordinary text, accents and emoji as they are', () => {
    expect(terminalSafe('Robe été – Zara 😊 taille 38')).toBe('Robe été – Zara 😊 taille 38');
    expect(terminalSafe('a\tb\u0000c\u007fd')).toBe('a\\tb\\x00c\\x7fd');
  });
});

import type { EventBus } from '../../platform/events.ts';
import { ownerScope } from '../../platform/security/owner-scope.ts';
import { nowIso } from '../../platform/time.ts';
import type { ListingsService } from '../listings/index.ts';
import { accountScope } from './account-scope.ts';
import type { QueueRepository } from './queue.repository.ts';
import type { VintedAccountsService } from './vinted-accounts.service.ts';

// Which Vinted account an opted-in draft is queued for: the one active when the seller opted it in. The stock says
// so with its events (an item created or changed with `publish_opt_in`); the draft then gets its queue row, naming
// that account, before any pass can see it: a switch to another account afterwards does not move it. The queue
// waits for bindings under way before a pass or a listing (settled), so it never sees a draft half-bound.

export class QueueBinder {
  private readonly pending = new Set<Promise<void>>();

  constructor(
    readonly accounts: VintedAccountsService,
    private readonly queueRows: QueueRepository,
    private readonly listings: ListingsService,
  ) {}

  /** Listens to the stock's events; answers how to stop listening. */
  subscribe(events: EventBus): () => void {
    // Only an opted-in item is read: an import of thousands of drafts costs no read per item.
    const offCreated = events.on('item.created', (e) => {
      if (e.data.publish_opt_in) this.track(e.data.item_id);
    });
    const offUpdated = events.on('item.updated', (e) => {
      if (e.data.fields.includes('publish_opt_in')) this.track(e.data.item_id);
    });
    return () => {
      offCreated();
      offUpdated();
    };
  }

  /** Bindings under way have all ended (done or failed: a failed one leaves the draft to the active account's next pass). */
  async settled(): Promise<void> {
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }

  private track(itemId: string): void {
    // Runs in the emitter's owner scope (the request or job that changed the item).
    const p = this.bind(itemId).catch(() => undefined).finally(() => this.pending.delete(p));
    this.pending.add(p);
  }

  private async bind(itemId: string): Promise<void> {
    // A change made outside any owner's work (a system sweep) opts nobody's draft in.
    if (!ownerScope.current()) return;
    const item = await this.listings.get(itemId).catch(() => null);
    if (!item || item.status !== 'draft' || !item.publish_opt_in) return;
    if (await this.queueRows.get(itemId)) return;
    const account = await this.accounts.activeId();
    await accountScope.run(account, () => this.queueRows.bind(itemId, nowIso()));
  }
}

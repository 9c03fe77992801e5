import type { Transaction } from 'kysely';
import type { Database } from './db/schema.ts';

// A person's data, across every module that keeps some (issue 20 point 5): when the admin deletes a person, their
// rows are either erased or handed to another person. Each module that owns rows keyed by a person registers, at
// wiring time, what to do with them (its SQL stays in its own repository); the accounts module runs every handler in
// one database transaction, in a system scope, so either all of the person's data goes (or moves) or none of it does.

// A module whose rows of a person are all per-person state (erased, transfer = erase) registers `eraseOnly(...)` of
// owner-data.repository.ts (it builds SQL, so it lives in a repository file).

/** What becomes of a table's rows when a person's data goes to someone else. */
export type OnTransfer =
  /** The stock and its history: the recipient gets the rows. */
  | 'move'
  /** Per-person state that cannot be merged (settings, sessions, Vinted accounts, billing…): erased. */
  | 'erase';

export interface OwnerDataWork {
  /** The one transaction of the deletion; handlers name the owner in every statement (the scope is the system's). */
  t: Transaction<Database>;
  /** Runs once the transaction has committed (removing files): a rollback leaves files as they were. */
  afterCommit(fn: () => Promise<void>): void;
}

export interface OwnerErase extends OwnerDataWork {
  owner: string;
}

export interface OwnerTransfer extends OwnerDataWork {
  from: string;
  to: string;
  /**
   * Rows of `from` that are merged into an equal row of `to` instead of moving (a photo whose bytes the recipient
   * already has: photos are unique per owner by content): kind → (the giver's id → the recipient's id). Filled by
   * the handlers' `plan`, read by those whose rows point at such rows.
   */
  merged: Map<string, Map<string, string>>;
}

export interface OwnerDataHandler {
  module: string;
  /** Every table holding a person's rows that this handler erases or moves, and what a transfer does with it. */
  tables: Readonly<Record<string, OnTransfer>>;
  /** Lower runs first (default 0). Rows others point at (photos) go last, after what points at them moved or went. */
  order?: number;
  /** A transfer's first step, before any handler moves a row: decide which rows merge into the recipient's. */
  plan?(x: OwnerTransfer): Promise<void>;
  erase(x: OwnerErase): Promise<void>;
  transfer(x: OwnerTransfer): Promise<void>;
  /**
   * Before the deletion's transaction (erase and transfer alike), side-effect free: refuses with an AppError while
   * the person's data cannot go yet (a job of theirs still running and writing rows).
   */
  check?(owner: string): Promise<void>;
  /**
   * After every `check` passed, still before the transaction: settles what lives outside our database and must end
   * with the person (their Stripe subscription), refusing with an AppError when it cannot, so nothing is deleted.
   */
  settle?(owner: string): Promise<void>;
}

export interface OwnerDataReport {
  /** The tables whose rows went to the recipient (a transfer), or none (an erase). */
  moved: string[];
  /** The tables whose rows of the person were erased. */
  erased: string[];
}

export class OwnerDataRegistry {
  private readonly list: OwnerDataHandler[] = [];

  /**
   * Called by each module as it is built. A module built again on the same platform (a test building modules one
   * by one) replaces its handler; a table named by two modules is a wiring mistake, refused at start-up.
   */
  register(handler: OwnerDataHandler): void {
    const at = this.list.findIndex((h) => h.module === handler.module);
    if (at >= 0) this.list.splice(at, 1);
    const known = new Set(this.tables());
    const twice = Object.keys(handler.tables).filter((t) => known.has(t));
    if (twice.length) throw new Error(`owner data: ${handler.module} names ${twice.join(', ')}, already handled by another module`);
    this.list.push(handler);
  }

  /** Every table some handler answers for. */
  tables(): string[] {
    return this.list.flatMap((h) => Object.keys(h.tables));
  }

  private ordered(): OwnerDataHandler[] {
    return [...this.list].sort((a, b) => (a.order ?? 0) - (b.order ?? 0));
  }

  /** What must pass or happen before `owner`'s account and data go: every handler's `check`, then every `settle`. */
  async beforeDelete(owner: string): Promise<void> {
    const handlers = this.ordered();
    for (const h of handlers) await h.check?.(owner);
    for (const h of handlers) await h.settle?.(owner);
  }

  /** Erases `owner`'s rows in `t`; answers the after-commit work and the report. */
  async erase(owner: string, t: Transaction<Database>): Promise<{ afterCommit: (() => Promise<void>)[]; report: OwnerDataReport }> {
    const afterCommit: (() => Promise<void>)[] = [];
    for (const h of this.ordered()) await h.erase({ owner, t, afterCommit: (fn) => void afterCommit.push(fn) });
    return { afterCommit, report: { moved: [], erased: this.tables().sort() } };
  }

  /** Hands `from`'s stock to `to` and erases the rest of `from`'s rows, in `t`. */
  async transfer(from: string, to: string, t: Transaction<Database>): Promise<{ afterCommit: (() => Promise<void>)[]; report: OwnerDataReport }> {
    const afterCommit: (() => Promise<void>)[] = [];
    const x: OwnerTransfer = { from, to, t, merged: new Map(), afterCommit: (fn) => void afterCommit.push(fn) };
    const handlers = this.ordered();
    for (const h of handlers) await h.plan?.(x);
    for (const h of handlers) await h.transfer(x);
    const all = handlers.flatMap((h) => Object.entries(h.tables));
    return {
      afterCommit,
      report: { moved: all.filter(([, w]) => w === 'move').map(([n]) => n).sort(), erased: all.filter(([, w]) => w === 'erase').map(([n]) => n).sort() },
    };
  }
}

/** The merges of one kind (`merged.get(kind)`), created empty on first use. */
export function mergesOf(x: OwnerTransfer, kind: string): Map<string, string> {
  let m = x.merged.get(kind);
  if (!m) x.merged.set(kind, (m = new Map()));
  return m;
}

/**
 * The transaction seen as tables keyed by a person's column only (`owner_id`, or `owner` in the tables that predate
 * it): erasing or moving rows needs nothing else of them, and not every module's row type names the column.
 */
export function byOwner<T extends string, C extends string = 'owner_id'>(t: Transaction<Database>): Transaction<Record<T, Record<C, string>>> {
  return t as unknown as Transaction<Record<T, Record<C, string>>>;
}

import { AsyncLocalStorage } from 'node:async_hooks';

// Whose data a piece of work touches. Every row of the seller's data carries an owner (issue 20); the repositories
// read the owner from here rather than from their callers, so that no route, job or service can forget to pass it.
// A request opens a scope as it arrives and learns its owner once the caller is verified (in single-seller mode at
// once: everything belongs to LOCAL_OWNER_ID). A job runs in the scope of the owner it was queued for. Work that
// spans every owner (a nightly sweep, the admin's platform figures) says so with `system`.

/**
 * The owner of everything in a single-seller install. In accounts mode the first admin takes this id, so the data
 * of an install that grows into several users stays the admin's without rewriting a row.
 */
export const LOCAL_OWNER_ID = 'seller';

interface Scope {
  ownerId: string | undefined;
  system: boolean;
}

const storage = new AsyncLocalStorage<Scope>();

export const ownerScope = {
  /** Runs `fn` on behalf of `ownerId` (a job carrying its owner, a command, a test). */
  run<T>(ownerId: string, fn: () => T): T {
    return storage.run({ ownerId, system: false }, fn);
  },
  /** Runs `fn` across every owner: nothing is scoped. Each caller says in a comment why it must see everyone. */
  system<T>(fn: () => T): T {
    return storage.run({ ownerId: undefined, system: true }, fn);
  },
  /** Opens a request's scope; its owner is known at once (single-seller) or set later by `identify`. */
  open<T>(fn: () => T, ownerId?: string): T {
    return storage.run({ ownerId, system: false }, fn);
  },
  /** Names the owner of the scope opened by `open`, once the caller's session or token is verified. */
  identify(ownerId: string): void {
    const scope = storage.getStore();
    if (!scope) throw new Error('ownerScope.identify outside an open scope');
    if (scope.system) throw new Error('ownerScope.identify inside a system scope');
    scope.ownerId = ownerId;
  },
  /** The owner of the current work, or undefined outside any scope, in a system scope, or before identification. */
  current(): string | undefined {
    return storage.getStore()?.ownerId;
  },
  /** True inside any scope (open, run or system), identified or not. */
  inScope(): boolean {
    return storage.getStore() !== undefined;
  },
  /**
   * Enters a request's scope for the rest of the current asynchronous flow (Fastify's hooks are callbacks, not one
   * function to wrap). The same scope object is entered again after the body is read (http/owner-scope-hook.ts), so
   * `identify` in any hook names the owner for the whole request.
   */
  enter(ownerId?: string): object {
    const scope: Scope = { ownerId, system: false };
    storage.enterWith(scope);
    return scope;
  },
  /** Enters again a scope returned by `enter` (a request's flow that lost it in a stream callback). */
  reenter(scope: object): void {
    storage.enterWith(scope as Scope);
  },
  isSystem(): boolean {
    return storage.getStore()?.system ?? false;
  },
};

import { AsyncLocalStorage } from 'node:async_hooks';
import { AppError } from '../../platform/errors.ts';

// Which of the owner's Vinted accounts the current work acts for (issue 20 point 4). The session, the pace guard, the
// publication settings, the queue and the log read it here rather than from their callers, so that no path can act
// with one account's session and count or log under another's. A request runs in the account active when it arrived
// (vinted routes are wrapped, see index.ts), a queue pass in the account of the entries it sends, a publication in
// the account its form was prepared for. Outside any account scope these stores refuse (fail closed).

const storage = new AsyncLocalStorage<string>();

export const accountScope = {
  run<T>(accountId: string, fn: () => T): T {
    return storage.run(accountId, fn);
  },
  /** The current account; a 500 outside an account's scope rather than acting for a guessed account. */
  current(): string {
    const id = storage.getStore();
    if (!id) throw new AppError(500, 'vinted_account_scope_missing', 'A Vinted action ran outside any Vinted account; it was refused');
    return id;
  },
  peek(): string | undefined {
    return storage.getStore();
  },
};

/**
 * `service` as other modules see it: a method called outside any account's scope (the bulk flow publishing a group,
 * which is not a Vinted route) runs in the user's active account, as the same action from a Vinted route would. A
 * call already in a scope (a route, a queue pass) keeps it.
 */
export function actingForActiveAccount<T extends object>(service: T, activeId: () => Promise<string>): T {
  return new Proxy(service, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => (storage.getStore()
        ? value.apply(target, args)
        : activeId().then((id) => storage.run(id, () => value.apply(target, args))));
    },
  });
}

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

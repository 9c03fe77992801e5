import { setTimeout as delay } from 'node:timers/promises';

/**
 * Polls `read` until `done(value)` holds and answers that value; fails naming `what` after `timeoutMs`. For state that
 * changes in the background (a job, a retry) and announces itself through no event a test can await.
 */
export async function pollUntil<T>(what: string, read: () => Promise<T>, done: (v: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: T = await read();
  while (!done(last)) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}; last value: ${JSON.stringify(last)?.slice(0, 500)}`);
    await delay(20);
    last = await read();
  }
  return last;
}

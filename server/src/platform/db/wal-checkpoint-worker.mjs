// The WAL checkpointer's thread (wal-checkpointer.ts): its own connection to the store copies committed pages from
// the write-ahead log into the database file, a passive checkpoint every `intervalMs`, so the connection that serves
// requests never pays that copy (and its fsyncs) at the end of whichever write crossed SQLite's 1,000-page mark.
// Plain JavaScript: a worker thread does not get the TypeScript loader the server may run under.
import { parentPort, workerData } from 'node:worker_threads';
import SQLite from 'better-sqlite3';

const { file, intervalMs } = workerData;
let db;
try {
  db = new SQLite(file, { fileMustExist: true });
  // The same durability as the serving connection: the copied pages are synced before the log is reused.
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
} catch (e) {
  parentPort.postMessage({ type: 'failed', error: e instanceof Error ? e.message : String(e) });
  process.exit(1);
}

let stopped = false;
let timer = null;
let last = { log: -1, checkpointed: -1 };
const tick = () => {
  timer = null;
  if (stopped) return;
  let next = intervalMs;
  try {
    // PASSIVE: copies what it can without waiting for readers or writers, and never blocks them.
    const [r] = db.pragma('wal_checkpoint(PASSIVE)');
    if (r.log !== last.log || r.checkpointed !== last.checkpointed) {
      parentPort.postMessage({ type: 'checkpoint', log: r.log, checkpointed: r.checkpointed, busy: r.busy });
      // The log moved: the store is being written now, so copy again without a pause (a long burst of writes
      // outruns a checkpoint every interval, and the serving connection would then finish the copy itself). A log
      // that stays put (nothing written, or a reader holding an older snapshot) waits the interval.
      next = 0;
    }
    last = { log: r.log, checkpointed: r.checkpointed };
  } catch (e) {
    // SQLITE_BUSY (another checkpoint under way) is a tick with nothing done; anything else ends the thread.
    if (!(e instanceof Error && 'code' in e && e.code === 'SQLITE_BUSY')) {
      parentPort.postMessage({ type: 'failed', error: e instanceof Error ? e.message : String(e) });
      stop();
      return;
    }
  }
  timer = setTimeout(tick, next);
};

function stop() {
  stopped = true;
  if (timer) clearTimeout(timer);
  db.close();
  parentPort.close();
}

parentPort.on('message', (m) => {
  if (m === 'stop') stop();
});
parentPort.postMessage({ type: 'ready' });
timer = setTimeout(tick, intervalMs);

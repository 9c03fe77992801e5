import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { acquireDataDirLock } from './data-dir-lock.ts';
import { WalCheckpointer } from './wal-checkpointer.ts';
import type { DialectName } from './dialect.ts';
import type { Database } from './schema.ts';
import { OwnerScopePlugin } from '../security/owner-scope-plugin.ts';

export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: DialectName;
  /** Answers true when the database responds to a trivial query. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
  /** SQLite's own integrity check (`vintedbot doctor`): 'ok' or the problems it lists; PostgreSQL checks itself. */
  integrityCheck?(): string;
  /** SQLite's checkpoint thread, once it has taken over (wal-checkpointer.ts); absent on PostgreSQL. */
  checkpointer?: WalCheckpointer;
  /** PostgreSQL's connection pool use (the /metrics gauge); absent on SQLite. */
  poolStats?(): { total: number; idle: number; waiting: number };
}

export interface DatabaseOptions {
  dataDir: string;
  databaseUrl?: string;
  /** PostgreSQL schema to use (tests give each file its own); default: the server's search_path. */
  pgSchema?: string;
  /**
   * Tests only: the owner of a query the test's own code runs outside any scope (reaching into the database to set up
   * or check). The product never sets it, so there such a query fails closed (owner-scope-plugin.ts).
   */
  unscopedOwner?: string;
  /** Told when SQLite's checkpoint thread fails and the serving connection checkpoints again (wal-checkpointer.ts). */
  onWarning?: (message: string) => void;
}

// pg returns bigint (COUNT, SUM) as strings; our sums stay well inside 2^53, so read them as numbers.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));
pg.types.setTypeParser(1700, (v) => Number.parseFloat(v));

/**
 * The stock is the seller's business: the database file is created readable by its owner only (0600), and an older
 * one is tightened. SQLite creates the -wal and -shm files with the database file's permissions; leftover ones are
 * tightened too.
 */
function makePrivate(file: string) {
  fs.closeSync(fs.openSync(file, 'a', 0o600));
  if (process.platform === 'win32') return;
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    const st = fs.statSync(f, { throwIfNoEntry: false });
    if (st && (st.mode & 0o077) !== 0) fs.chmodSync(f, st.mode & 0o700);
  }
}

export function openDatabase(opts: DatabaseOptions): DatabaseHandle {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      max: 10,
      ...(opts.pgSchema ? { options: `-c search_path=${opts.pgSchema}` } : {}),
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins: [new OwnerScopePlugin(opts.unscopedOwner)] });
    return {
      db,
      dialect: 'postgres',
      ping: () => pool.query('select 1').then(() => true, () => false),
      close: () => db.destroy(),
      poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    };
  }
  const lock = acquireDataDirLock(opts.dataDir);
  let sqlite: SQLite.Database;
  try {
    const file = path.join(opts.dataDir, 'vintedbot.db');
    makePrivate(file);
    sqlite = new SQLite(file);
    sqlite.pragma('journal_mode = WAL');
    // FULL: a committed sale or price change survives a power cut; the stock is worth the fsync.
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    // The default 2 MB page cache thrashes on a stock of 100 k items; 64 MB and a memory map keep reads in memory.
    sqlite.pragma('cache_size = -65536');
    sqlite.pragma('mmap_size = 268435456');
    // A log that grew during one long burst of writes (a drop run, an import) is cut back to this once copied.
    sqlite.pragma('journal_size_limit = 67108864');
  } catch (e) {
    lock.release();
    throw e;
  }
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }), plugins: [new OwnerScopePlugin(opts.unscopedOwner)] });
  const checkpointer = new WalCheckpointer(sqlite.name, sqlite, {
    onFailure: (reason) => opts.onWarning?.(`the SQLite checkpoint thread stopped (${reason}); checkpoints are back on the serving connection`),
  });
  return {
    db,
    dialect: 'sqlite',
    checkpointer,
    ping: async () => {
      try {
        sqlite.prepare('select 1').get();
        return true;
      } catch {
        return false;
      }
    },
    integrityCheck: () => (sqlite.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).join('; '),
    close: async () => {
      await checkpointer.close();
      await db.destroy();
      lock.release();
    },
  };
}

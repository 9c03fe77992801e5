import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Logger } from 'pino';
import { notFound } from '../../platform/errors.ts';
import type { JobContext } from '../../platform/jobs/job-queue.ts';
import type { ObjectStore } from '../../platform/storage/object-store.ts';
import { requireOwner } from '../../platform/security/owner-scope-plugin.ts';
import { newId } from '../../platform/time.ts';
import type { Backups } from './backups.service.ts';

// Backups kept by the app itself, beside the ones the seller downloads: written through the storage interface (the
// local folder DATA_DIR/backups, or the photo bucket's `backups/` prefix with STORAGE=s3), on demand or on a schedule
// (BACKUP_CRON), the newest BACKUP_KEEP kept. An archive is written whole to a temporary file first and then stored
// in one put, so a failed run leaves no half backup under a backup's name. Each owner's backups sit under their own
// prefix (`<owner>/…`): a backup holds its owner's data only, and only its owner lists, downloads or deletes it.
export const STORED_BACKUP_JOB = 'files.backup';
const NAME = /^vintedbot-backup-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z-[0-9a-f]{6}\.zip$/;

export interface StoredBackup {
  name: string;
  bytes: number;
  created_at: string;
}

export class StoredBackups {
  constructor(
    private readonly backups: Pick<Backups, 'archive'>,
    private readonly store: ObjectStore,
    private readonly place: { tmpDir: string; keep: number; log: Logger },
  ) {}

  /** Where they are kept, as the logs and the settings say it ("local:/data/backups", "s3:bucket/prefix/backups/"). */
  get location(): string {
    return this.store.label;
  }

  /** Writes a backup of the whole stock into the store, then keeps only the newest `keep`. */
  async create(): Promise<StoredBackup> {
    const at = new Date();
    // The time to the millisecond (names sort as the backups were made), and a random tail so two never collide.
    const name = `vintedbot-backup-${at.toISOString().slice(0, 23).replace(/[:.]/g, '-')}Z-${randomBytes(3).toString('hex')}.zip`;
    await fs.mkdir(this.place.tmpDir, { recursive: true });
    const tmp = path.join(this.place.tmpDir, `backup-${newId()}.zip.part`);
    try {
      await pipeline(this.backups.archive(), createWriteStream(tmp, { flags: 'wx' }));
      const { size } = await fs.stat(tmp);
      await this.store.put(this.key(name), { path: tmp, size }, 'application/zip');
      this.place.log.info({ name, bytes: size, where: this.store.label }, 'backup stored');
      await this.prune();
      return { name, bytes: size, created_at: at.toISOString() };
    } finally {
      await fs.rm(tmp, { force: true });
    }
  }

  /** The stored backups, newest first. */
  async list(): Promise<StoredBackup[]> {
    const out: StoredBackup[] = [];
    const prefix = this.key('');
    for await (const o of this.store.list(prefix)) {
      const name = o.key.slice(prefix.length);
      if (!NAME.test(name)) continue;
      out.push({ name, bytes: o.size, created_at: createdAt(name) });
    }
    return out.sort((a, b) => b.name.localeCompare(a.name));
  }

  /** One stored backup's bytes, or 404 `backup_not_found` (a name that is not a backup's is never looked up). */
  async open(name: string) {
    const body = NAME.test(name) ? await this.store.get(this.key(name)) : null;
    if (!body) throw notFound('backup_not_found', `No stored backup named ${name.slice(0, 80)}`, { name: name.slice(0, 80) });
    return body;
  }

  async remove(name: string): Promise<void> {
    if (!NAME.test(name) || !(await this.store.head(this.key(name)))) throw notFound('backup_not_found', `No stored backup named ${name.slice(0, 80)}`, { name: name.slice(0, 80) });
    await this.store.delete(this.key(name));
  }

  /** The object key of one of the current owner's backups (owner ids are ours: letters, digits and dashes). */
  private key(name: string): string {
    return `${requireOwner('stored backups')}/${name}`;
  }

  /** Only the newest `keep` stay. */
  private async prune() {
    for (const old of (await this.list()).slice(this.place.keep)) {
      await this.store.delete(this.key(old.name)).catch((err) => this.place.log.warn({ err, name: old.name }, 'could not remove an old stored backup'));
    }
  }
}

/** The job that stores a backup (POST /backups and BACKUP_CRON): its result names the backup. */
export function storedBackupHandler(stored: StoredBackups) {
  return async (ctx: JobContext<Record<string, never>>) => {
    await ctx.progress({ stage: 'writing' });
    return { backup: await stored.create() };
  };
}

/** The backup's time, from its name (written in UTC, to the millisecond). */
function createdAt(name: string): string {
  const m = /(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z/.exec(name)!;
  return `${m[1]}T${m[2]}:${m[3]}:${m[4]}.${m[5]}Z`;
}

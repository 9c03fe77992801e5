import path from 'node:path';
import type { Logger } from 'pino';
import { type Config, ConfigError } from '../../config.ts';
import { LocalObjectStore } from './local-object-store.ts';
import { StorageError, type ObjectStore } from './object-store.ts';
import { S3ObjectStore, s3Client, type S3Settings } from './s3-object-store.ts';
import { TieredPhotoStore } from './tiered-photo-store.ts';

// Builds the photo store the configuration asks for. With STORAGE=s3 the bucket and keys are checked before the
// server takes a request: a wrong key, a missing bucket or an unreachable endpoint stops start-up with one line that
// names the variable (as a ConfigError, which `serve` and the CLI print without a stack).

export type StorageConfig = Pick<Config, 'dataDir' | 'STORAGE' | 'S3_ENDPOINT' | 'S3_REGION' | 'S3_BUCKET' | 'S3_ACCESS_KEY_ID' | 'S3_SECRET_ACCESS_KEY' | 'S3_FORCE_PATH_STYLE' | 'S3_PREFIX' | 'STORAGE_COLD_BUCKET' | 'STORAGE_COLD_DIR'>;

export function s3SettingsFrom(c: StorageConfig, bucket = c.S3_BUCKET!, prefix = c.S3_PREFIX): S3Settings {
  return {
    endpoint: c.S3_ENDPOINT, region: c.S3_REGION, bucket, prefix, forcePathStyle: c.S3_FORCE_PATH_STYLE,
    accessKeyId: c.S3_ACCESS_KEY_ID, secretAccessKey: c.S3_SECRET_ACCESS_KEY,
  };
}

/** The bucket side (hot and cold) of an S3 configuration, checked. Also what `storage migrate` uses. */
export async function openS3Stores(c: StorageConfig): Promise<{ hot: S3ObjectStore; cold: S3ObjectStore }> {
  if (!c.S3_BUCKET) throw new ConfigError(['S3_BUCKET: no bucket configured for the S3-compatible storage']);
  const client = s3Client(s3SettingsFrom(c));
  const hot = new S3ObjectStore(client, s3SettingsFrom(c));
  const cold = c.STORAGE_COLD_BUCKET
    ? new S3ObjectStore(client, s3SettingsFrom(c, c.STORAGE_COLD_BUCKET))
    : new S3ObjectStore(client, s3SettingsFrom(c, c.S3_BUCKET, `${c.S3_PREFIX}cold/`));
  const names = { bucket: 'S3_BUCKET', keys: 'S3_ACCESS_KEY_ID / S3_SECRET_ACCESS_KEY', endpoint: 'S3_ENDPOINT' };
  try {
    await hot.check(names);
    if (c.STORAGE_COLD_BUCKET) await cold.check({ ...names, bucket: 'STORAGE_COLD_BUCKET' });
  } catch (e) {
    if (e instanceof StorageError) throw new ConfigError([e.message]);
    throw e;
  }
  return { hot, cold };
}

export function localColdStore(c: StorageConfig): ObjectStore {
  return new LocalObjectStore(path.resolve(c.STORAGE_COLD_DIR ?? path.join(c.dataDir, 'photos-cold')));
}

/**
 * Where stored backups go (files module): `DATA_DIR/backups`, or the `backups/` prefix of the photo bucket with
 * STORAGE=s3, so a lost disk does not take its backups with it. The bucket is checked with the photos at start-up.
 */
export function openBackupStore(c: StorageConfig): ObjectStore {
  if (c.STORAGE !== 's3' || !c.S3_BUCKET) return new LocalObjectStore(path.join(c.dataDir, 'backups'));
  return new S3ObjectStore(s3Client(s3SettingsFrom(c)), s3SettingsFrom(c, c.S3_BUCKET, `${c.S3_PREFIX}backups/`));
}

/** The app's photo store: `DATA_DIR/photos`, backed by the bucket with STORAGE=s3. Initialised (temp files swept). */
export async function openPhotoStore(c: StorageConfig, log?: Logger): Promise<TieredPhotoStore> {
  const root = path.join(c.dataDir, 'photos');
  let store: TieredPhotoStore;
  if (c.STORAGE === 's3') {
    const { hot, cold } = await openS3Stores(c);
    store = new TieredPhotoStore(root, hot, cold, log);
  } else {
    store = new TieredPhotoStore(root, null, localColdStore(c), log);
  }
  await store.init();
  return store;
}

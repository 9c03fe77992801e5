import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import {
  DeleteObjectCommand, GetObjectCommand, HeadBucketCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { type ObjectBody, type ObjectInfo, type ObjectSource, type ObjectStore, StorageError } from './object-store.ts';

// Any S3-compatible service (AWS, MinIO, Cloudflare R2, Backblaze B2, Garage) through @aws-sdk/client-s3.
// Checksums only where the request requires them: several compatible services refuse the SDK's default trailing
// CRC32 on streamed bodies. The SDK's own retries are off (maxAttempts 1) because a streamed body cannot be replayed:
// `attempt` below retries with a fresh stream each time, and only faults that are worth a second try.

export interface S3Settings {
  endpoint?: string;
  region: string;
  bucket: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle: boolean;
  /** Key prefix inside the bucket ('' or 'something/'). */
  prefix?: string;
  /** Attempts per call on a network fault or a 5xx (default 4). */
  attempts?: number;
  /** First pause between attempts, doubling (default 200 ms: 0.2 + 0.4 + 0.8 s covers a service restarting). */
  retryBaseMs?: number;
}

export function s3Client(s: S3Settings): S3Client {
  return new S3Client({
    region: s.region,
    ...(s.endpoint ? { endpoint: s.endpoint } : {}),
    forcePathStyle: s.forcePathStyle,
    ...(s.accessKeyId && s.secretAccessKey ? { credentials: { accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey } } : {}),
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 1,
  });
}

interface AwsFault { name?: string; Code?: string; $metadata?: { httpStatusCode?: number }; code?: string }

const status = (e: unknown) => (e as AwsFault)?.$metadata?.httpStatusCode;
const isNotFound = (e: unknown) => status(e) === 404 || ['NotFound', 'NoSuchKey'].includes((e as AwsFault)?.name ?? '');
const retryable = (e: unknown) => {
  const s = status(e);
  if (s !== undefined) return s >= 500 || s === 408 || s === 429;
  return true; // no HTTP answer at all: the connection was refused, reset or cut
};

export class S3ObjectStore implements ObjectStore {
  readonly label: string;
  private readonly prefix: string;
  private readonly attempts: number;

  constructor(readonly client: S3Client, readonly settings: S3Settings) {
    this.prefix = settings.prefix ?? '';
    this.attempts = Math.max(1, settings.attempts ?? 4);
    this.label = `s3:${settings.bucket}/${this.prefix}`;
  }

  private k(key: string) {
    return this.prefix + key;
  }

  private async attempt<T>(run: () => Promise<T>): Promise<T> {
    let last: unknown;
    for (let i = 0; i < this.attempts; i++) {
      try {
        return await run();
      } catch (e) {
        last = e;
        if (!retryable(e) || i === this.attempts - 1) break;
        await new Promise((r) => setTimeout(r, (this.settings.retryBaseMs ?? 200) * 2 ** i));
      }
    }
    throw last;
  }

  /**
   * Start-up check: the bucket exists and these keys may use it. Throws a StorageError naming the variable to fix,
   * so `serve` stops with one clear line instead of failing at the first photo.
   */
  async check(names: { bucket: string; keys: string; endpoint: string }): Promise<void> {
    try {
      await this.attempt(() => this.client.send(new HeadBucketCommand({ Bucket: this.settings.bucket })));
    } catch (e) {
      const s = status(e);
      if (s === 404) throw new StorageError('storage_no_bucket', `${names.bucket}: the bucket "${this.settings.bucket}" does not exist on ${this.settings.endpoint ?? 'AWS'}`, names.bucket);
      if (s === 403 || s === 401) throw new StorageError('storage_denied', `${names.keys}: the storage service refused these keys for bucket "${this.settings.bucket}" (wrong access key or secret?)`, names.keys);
      if (s === 400 || s === 301) throw new StorageError('storage_denied', `${names.bucket}: the storage service refused bucket "${this.settings.bucket}" (HTTP ${s}; wrong region or name?)`, names.bucket);
      throw new StorageError('storage_unreachable', `${names.endpoint}: the storage service at ${this.settings.endpoint ?? 'AWS'} cannot be reached (${(e as Error).message})`, names.endpoint);
    }
  }

  async put(key: string, source: ObjectSource, contentType?: string): Promise<void> {
    await this.attempt(() => this.client.send(new PutObjectCommand({
      Bucket: this.settings.bucket, Key: this.k(key), ContentType: contentType,
      // A fresh stream per attempt; the length is known, so the SDK sends a plain body (no chunked encoding).
      Body: Buffer.isBuffer(source) ? source : createReadStream(source.path),
      ContentLength: Buffer.isBuffer(source) ? source.length : source.size,
    })));
  }

  async get(key: string, range?: { start: number; end?: number }): Promise<ObjectBody | null> {
    try {
      const r = await this.attempt(() => this.client.send(new GetObjectCommand({
        Bucket: this.settings.bucket, Key: this.k(key),
        ...(range ? { Range: `bytes=${range.start}-${range.end ?? ''}` } : {}),
      })));
      const size = Number(r.ContentLength ?? 0);
      const total = r.ContentRange ? Number(/\/(\d+)$/.exec(r.ContentRange)?.[1] ?? size) : size;
      return { stream: r.Body as Readable, size, total };
    } catch (e) {
      if (isNotFound(e)) return null;
      // A range past the end of an empty object: the object is there, with nothing in it.
      if (status(e) === 416) throw new StorageError('storage_object_empty', `The stored object ${key} is empty`);
      throw e;
    }
  }

  async head(key: string): Promise<ObjectInfo | null> {
    try {
      const r = await this.attempt(() => this.client.send(new HeadObjectCommand({ Bucket: this.settings.bucket, Key: this.k(key) })));
      return { key, size: Number(r.ContentLength ?? 0) };
    } catch (e) {
      if (isNotFound(e)) return null;
      throw e;
    }
  }

  async delete(key: string): Promise<void> {
    await this.attempt(() => this.client.send(new DeleteObjectCommand({ Bucket: this.settings.bucket, Key: this.k(key) })));
  }

  async *list(prefix: string): AsyncIterable<ObjectInfo> {
    let token: string | undefined;
    do {
      const page = await this.attempt(() => this.client.send(new ListObjectsV2Command({
        Bucket: this.settings.bucket, Prefix: this.k(prefix), ContinuationToken: token,
      })));
      for (const o of page.Contents ?? []) {
        if (o.Key) yield { key: o.Key.slice(this.prefix.length), size: Number(o.Size ?? 0), modified: o.LastModified?.getTime() };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async signedUrl(key: string, ttlSeconds: number): Promise<string | null> {
    return getSignedUrl(this.client, new GetObjectCommand({ Bucket: this.settings.bucket, Key: this.k(key) }), { expiresIn: ttlSeconds });
  }
}

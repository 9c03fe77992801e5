import type { Readable } from 'node:stream';

// One place where bytes live under keys: a local folder or an S3-compatible bucket. The photo store (photo-store.ts,
// tiered-photo-store.ts), the lifecycle and the `storage migrate` command speak only this, so a new backend is one
// class. Keys are relative, '/'-separated, made by our code (never by a seller).

export interface ObjectInfo {
  key: string;
  size: number;
  /** Last write, epoch ms, where the listing says (the orphan sweep leaves recent objects alone). */
  modified?: number;
}

export interface ObjectBody {
  stream: Readable;
  /** Bytes in this answer (the range's length when a range was asked). */
  size: number;
  /** The whole object's size. */
  total: number;
}

/** An object's bytes to write: a buffer, or a file on disk streamed with its known length (never buffered whole). */
export type ObjectSource = Buffer | { path: string; size: number };

export interface ObjectStore {
  /** What the logs and the stats call this place: "local:/data/photos", "s3:bucket/prefix". */
  readonly label: string;
  /** Writes the object whole or not at all (a failed upload leaves no object under `key`). */
  put(key: string, source: ObjectSource, contentType?: string): Promise<void>;
  /** Reads an object, or a byte range of it (`end` inclusive, as in HTTP). Null when there is none. */
  get(key: string, range?: { start: number; end?: number }): Promise<ObjectBody | null>;
  head(key: string): Promise<ObjectInfo | null>;
  delete(key: string): Promise<void>;
  /** Every object under a prefix, in key order, a page at a time. */
  list(prefix: string): AsyncIterable<ObjectInfo>;
  /** A short-lived URL a browser can read the object from, where the backend has one (S3); null otherwise. */
  signedUrl(key: string, ttlSeconds: number): Promise<string | null>;
}

/** Why an object could not be used: a clear, named fault the callers map to an AppError or a start-up message. */
export class StorageError extends Error {
  constructor(
    readonly code: 'storage_object_empty' | 'storage_object_missing' | 'storage_unreachable' | 'storage_denied' | 'storage_no_bucket',
    message: string,
    readonly variable?: string,
  ) {
    super(message);
    this.name = 'StorageError';
  }
}

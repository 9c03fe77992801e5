import fs from 'node:fs/promises';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../platform/errors.ts';
import { photoErrors } from './photo-errors.ts';
import { streamToTemp, type TempUpload } from './temp-upload.ts';

// Reads a multipart request part by part: every file streams to its own temp file (hashed and size-checked on the
// way), text fields are collected. Memory stays flat whatever the batch (the bulk import sends 500 files this way).
export interface MultipartLimits {
  /** Fewest and most files accepted (1 and 20 for one garment; the bulk import passes its own). */
  minFiles?: number;
  maxFiles: number;
  maxFileBytes: number;
  maxFields?: number;
  maxFieldBytes?: number;
  /** Where the temp files go: the photo store's `tempDir`, so the intake can rename or read them on one disk. */
  tempDir: string;
}

export interface ReceivedUploads {
  files: TempUpload[];
  /** Text parts by name; a name sent several times keeps every value. */
  fields: Record<string, string[]>;
  /** Removes the temp files: call it in a `finally` once the files are taken in (or refused). */
  cleanup(): Promise<void>;
}

export async function receiveUploads(req: FastifyRequest, limits: MultipartLimits): Promise<ReceivedUploads> {
  if (!req.isMultipart()) throw new AppError(415, 'unsupported_media_type', 'Send the photos as multipart/form-data');
  const maxFields = limits.maxFields ?? 50;
  const files: TempUpload[] = [];
  const fields: Record<string, string[]> = {};
  const cleanup = async () => {
    await Promise.all(files.map((f) => fs.rm(f.path, { force: true })));
  };
  try {
    const parts = req.parts({
      limits: {
        // One more than allowed, so the extra part arrives and gets our own clear error; +1 byte likewise.
        files: limits.maxFiles + 1,
        fileSize: limits.maxFileBytes + 1,
        fields: maxFields,
        fieldSize: limits.maxFieldBytes ?? 64 * 1024,
        parts: limits.maxFiles + 1 + maxFields,
      },
    });
    for await (const part of parts) {
      if (part.type === 'field') {
        (fields[part.fieldname] ??= []).push(String(part.value));
        continue;
      }
      if (files.length >= limits.maxFiles) {
        part.file.resume();
        throw photoErrors.tooManyFiles(limits.maxFiles);
      }
      files.push(await streamToTemp(part.file, limits.tempDir, limits.maxFileBytes, { index: files.length, filename: part.filename || null }));
    }
    if (files.length < (limits.minFiles ?? 1)) throw photoErrors.noFiles();
    return { files, fields, cleanup };
  } catch (e) {
    await cleanup();
    throw e;
  }
}

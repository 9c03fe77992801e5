// Batch intake: multipart files or one ZIP, streamed to the job's folder (never the whole batch in memory), with a
// per-file cap (the photos module's), a file count and a total size. A refused batch (too many files, too big, an
// unsafe ZIP) leaves nothing behind; a bad file inside an accepted batch is kept as a failed photo with its reason.
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import type { FastifyRequest } from 'fastify';
import type { Config } from '../../../config.ts';
import { AppError } from '../../../platform/errors.ts';
import type { JobQueue } from '../../../platform/jobs/job-queue.ts';
import { newId, nowIso } from '../../../platform/time.ts';
import { photoErrors, type PhotoLimits, streamToTemp } from '../../photos/index.ts';
import type { BulkFolders } from '../bulk-folders.ts';
import type { BulkRepository } from '../bulk.repository.ts';
import type { BulkJobsTable, BulkPhotosTable } from '../bulk.tables.ts';
import type { GroupingMode } from '../grouping/group-photos.ts';
import { extractZip } from './zip-extract.ts';

export const BULK_JOB_KIND = 'bulk.analyse';

export interface BulkJobOptions {
  mode: GroupingMode;
  /** Set by POST /bulk/photos/analyze: the plan made with the defaults once the job completes. */
  auto_plan_id?: string;
}

export interface IntakeIssue { filename: string; code: string; message: string }
export interface IntakeResult { job_id: string; files: number; rejected: IntakeIssue[]; skipped: IntakeIssue[] }

interface Received { filename: string; path: string; bytes: number; sha256: string }

const MAX_FIELDS = 20;

/** A file name as the seller sent it, made safe to store and show: no control characters, bounded length. */
export function cleanFilename(name: string | null | undefined, index: number): string {
  // eslint-disable-next-line no-control-regex
  const s = (name ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return (s || `photo-${index + 1}`).slice(-255);
}

/** What the intake needs: the batch limits, the photos module's per-file cap, the queue that runs the job. */
export interface IntakeSettings { config: Config; jobs: JobQueue; limits: Pick<PhotoLimits, 'maxBytes'> }

export class BulkIntake {
  constructor(
    private readonly d: IntakeSettings,
    private readonly repo: BulkRepository,
    private readonly folders: BulkFolders,
  ) {}

  private get maxFileBytes() {
    return this.d.limits.maxBytes;
  }

  async fromMultipart(req: FastifyRequest, options: Partial<BulkJobOptions>): Promise<IntakeResult> {
    if (!req.isMultipart()) throw new AppError(415, 'unsupported_media_type', 'Send the photos as multipart/form-data');
    const cfg = this.d.config;
    const jobId = newId();
    const dir = this.folders.files(jobId);
    await fs.mkdir(dir, { recursive: true });
    const received: Received[] = [];
    const rejected: IntakeIssue[] = [];
    const fields: Record<string, string> = {};
    let total = 0;
    let count = 0;
    try {
      // (throwFileSizeLimit is read by parts() too, though its type only lists it for file().)
      const partsOptions = {
        // Folder uploads name files "folder/IMG_1.jpg": kept as the seller's label (never used as a path).
        preservePath: true,
        limits: {
          // One more file than allowed, so the extra file arrives and gets our own clear error. A file over the
          // per-file cap is cut there by the parser, which reads on to the next part (it is reported as that file's
          // problem below): the parser must neither throw for it nor be stopped, or the rest of the batch is lost.
          files: cfg.BULK_MAX_FILES + 1, fileSize: this.maxFileBytes, fields: MAX_FIELDS, fieldSize: 1024, parts: cfg.BULK_MAX_FILES + 1 + MAX_FIELDS,
        },
        throwFileSizeLimit: false,
      };
      const parts = req.parts(partsOptions);
      for await (const part of parts) {
        if (part.type === 'field') {
          fields[part.fieldname] = String(part.value);
          continue;
        }
        const filename = cleanFilename(part.filename, count);
        if (count >= cfg.BULK_MAX_FILES) {
          part.file.resume();
          throw photoErrors.tooManyFiles(cfg.BULK_MAX_FILES);
        }
        count++;
        try {
          const up = await streamToTemp(part.file, dir, this.maxFileBytes, { index: count - 1, filename });
          total += up.bytes;
          if (total > cfg.BULK_MAX_TOTAL_BYTES) throw batchTooLarge(cfg.BULK_MAX_TOTAL_BYTES);
          if (up.bytes === 0) {
            await fs.rm(up.path, { force: true });
            rejected.push({ filename, code: 'empty_file', message: `${filename} is empty` });
            continue;
          }
          received.push({ filename, path: up.path, bytes: up.bytes, sha256: up.sha256 });
        } catch (e) {
          // One photo over the size cap is that photo's problem, not the batch's.
          if (e instanceof AppError && e.code === 'file_too_large') rejected.push({ filename, code: e.code, message: e.message });
          else throw e;
        }
      }
      if (received.length === 0 && rejected.length === 0) throw photoErrors.noFiles();
      return await this.createJob(jobId, 'multipart', received, rejected, [], { ...options, ...modeField(fields) });
    } catch (e) {
      await this.folders.remove(jobId);
      throw e;
    }
  }

  async fromZip(req: FastifyRequest, options: Partial<BulkJobOptions>): Promise<IntakeResult> {
    if (!req.isMultipart()) throw new AppError(415, 'unsupported_media_type', 'Send the ZIP as multipart/form-data (one file part)');
    const cfg = this.d.config;
    const jobId = newId();
    const jobDir = this.folders.job(jobId);
    await fs.mkdir(jobDir, { recursive: true });
    const fields: Record<string, string> = {};
    let zipPath: string | null = null;
    try {
      const parts = req.parts({ limits: { files: 2, fileSize: cfg.BULK_MAX_TOTAL_BYTES + 1, fields: MAX_FIELDS, fieldSize: 1024, parts: 2 + MAX_FIELDS } });
      for await (const part of parts) {
        if (part.type === 'field') {
          fields[part.fieldname] = String(part.value);
          continue;
        }
        if (zipPath) {
          part.file.resume();
          throw new AppError(400, 'one_zip_only', 'Send exactly one ZIP file per request');
        }
        try {
          zipPath = (await streamToTemp(part.file, jobDir, cfg.BULK_MAX_TOTAL_BYTES, { index: 0, filename: cleanFilename(part.filename, 0) })).path;
        } catch (e) {
          if (e instanceof AppError && e.code === 'file_too_large') throw batchTooLarge(cfg.BULK_MAX_TOTAL_BYTES);
          throw e;
        }
      }
      if (!zipPath) throw new AppError(400, 'no_files', 'Send one ZIP file');
      const extracted = await extractZip(zipPath, this.folders.files(jobId), {
        maxEntries: cfg.BULK_ZIP_MAX_ENTRIES, maxFiles: cfg.BULK_MAX_FILES, maxUncompressedBytes: cfg.BULK_ZIP_MAX_UNCOMPRESSED_BYTES,
        maxFileBytes: this.maxFileBytes, maxRatio: cfg.BULK_ZIP_MAX_RATIO,
      });
      await fs.rm(zipPath, { force: true });
      const rejected = extracted.skipped.filter((s) => s.code !== 'system_file');
      const skipped = extracted.skipped.filter((s) => s.code === 'system_file');
      if (extracted.files.length === 0) {
        throw new AppError(400, 'no_files', 'The ZIP holds no photos', { skipped: extracted.skipped.slice(0, 50) });
      }
      return await this.createJob(jobId, 'zip', extracted.files, rejected, skipped, { ...options, ...modeField(fields) });
    } catch (e) {
      await this.folders.remove(jobId);
      throw e;
    }
  }

  /**
   * The command line's intake (`vintedbot import`): photos already on this machine, or a ZIP, copied into the job's
   * folder with the same per-file cap, file count, total size and ZIP guards as an upload.
   */
  async fromLocal(source: { files: { filename: string; path: string }[] } | { zip: string }, options: Partial<BulkJobOptions>): Promise<IntakeResult> {
    const cfg = this.d.config;
    const jobId = newId();
    const dir = this.folders.files(jobId);
    await fs.mkdir(dir, { recursive: true });
    try {
      if ('zip' in source) {
        const extracted = await extractZip(source.zip, dir, {
          maxEntries: cfg.BULK_ZIP_MAX_ENTRIES, maxFiles: cfg.BULK_MAX_FILES, maxUncompressedBytes: cfg.BULK_ZIP_MAX_UNCOMPRESSED_BYTES,
          maxFileBytes: this.maxFileBytes, maxRatio: cfg.BULK_ZIP_MAX_RATIO,
        });
        if (extracted.files.length === 0) throw new AppError(400, 'no_files', 'The ZIP holds no photos', { skipped: extracted.skipped.slice(0, 50) });
        const rejected = extracted.skipped.filter((x) => x.code !== 'system_file');
        return await this.createJob(jobId, 'zip', extracted.files, rejected, extracted.skipped.filter((x) => x.code === 'system_file'), options);
      }
      if (source.files.length === 0) throw photoErrors.noFiles();
      if (source.files.length > cfg.BULK_MAX_FILES) throw photoErrors.tooManyFiles(cfg.BULK_MAX_FILES);
      const received: Received[] = [];
      const rejected: IntakeIssue[] = [];
      let total = 0;
      for (const [index, f] of source.files.entries()) {
        try {
          const up = await streamToTemp(createReadStream(f.path), dir, this.maxFileBytes, { index, filename: f.filename });
          total += up.bytes;
          if (total > cfg.BULK_MAX_TOTAL_BYTES) throw batchTooLarge(cfg.BULK_MAX_TOTAL_BYTES);
          received.push({ filename: f.filename, path: up.path, bytes: up.bytes, sha256: up.sha256 });
        } catch (e) {
          if (e instanceof AppError && e.code === 'file_too_large') rejected.push({ filename: f.filename, code: e.code, message: e.message });
          else throw e;
        }
      }
      return await this.createJob(jobId, 'multipart', received, rejected, [], options);
    } catch (e) {
      await this.folders.remove(jobId);
      throw e;
    }
  }

  /** Rows and run for a received batch; undone (rows and folder) if the job cannot be queued. */
  private async createJob(jobId: string, source: 'multipart' | 'zip', files: Received[], rejected: IntakeIssue[], skipped: IntakeIssue[], options: Partial<BulkJobOptions>): Promise<IntakeResult> {
    const at = nowIso();
    const opts: BulkJobOptions = { mode: options.mode ?? this.d.config.BULK_GROUPING, ...(options.auto_plan_id ? { auto_plan_id: options.auto_plan_id } : {}) };
    const job: BulkJobsTable = {
      id: jobId, run_id: null, source, stage: 'received', options: JSON.stringify(opts),
      intake: JSON.stringify({ files: files.length + rejected.length, rejected, skipped }), grouping: null, created_at: at, updated_at: at,
    };
    const photo = (seq: number, f: { filename: string }, extra: Partial<BulkPhotosTable>): BulkPhotosTable => ({
      id: newId(), job_id: jobId, seq, filename: f.filename, file: '', bytes: 0, sha256: '', state: 'received', mime: null, format: null,
      error_code: null, error_message: null, width: null, height: null, taken_at: null, phash: null, phash_mirror: null, colour_layout: null,
      signals: null, embedding: null, close_up: null, classes: null, duplicate_of: null, duplicate_kind: null, duplicate_message: null,
      cluster_id: null, position: null, stock_photo_id: null, created_at: at, updated_at: at, ...extra,
    });
    const rows = [
      ...files.map((f, i) => photo(i, f, { file: this.folders.relative(jobId, f.path), bytes: f.bytes, sha256: f.sha256 })),
      // Photos refused at the door are still the seller's: listed with their reason, never silently gone.
      ...rejected.map((r, i) => photo(files.length + i, r, { state: 'failed', error_code: r.code, error_message: r.message })),
    ];
    await this.repo.createJob(job, rows);
    try {
      const run = await this.d.jobs.enqueue(BULK_JOB_KIND, { bulk_job_id: jobId });
      await this.repo.updateJob(jobId, { run_id: run.id });
    } catch (e) {
      await this.repo.deleteJobRow(jobId);
      throw e;
    }
    return { job_id: jobId, files: files.length + rejected.length, rejected, skipped };
  }
}

const batchTooLarge = (max: number) => new AppError(413, 'batch_too_large', `The batch is larger than ${Math.round(max / 1024 / 1024)} MB`, { max_bytes: max });

function modeField(fields: Record<string, string>): Partial<BulkJobOptions> {
  const m = fields.mode ?? fields.grouping;
  if (m === undefined) return {};
  if (m !== 'auto' && m !== 'sequence' && m !== 'density') throw new AppError(400, 'validation_failed', 'mode must be auto, sequence or density');
  return { mode: m };
}


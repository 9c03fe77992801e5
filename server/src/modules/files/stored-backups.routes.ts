import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../platform/errors.ts';
import type { JobQueue } from '../../platform/jobs/job-queue.ts';
import type { JobRunsRepository } from '../../platform/jobs/job-runs.repository.ts';
import { ErrorResponseSchema } from '../../platform/http/openapi-shared.ts';
import { STORED_BACKUP_JOB, type StoredBackups } from './stored-backups.ts';

const StoredBackupSchema = z.object({ name: z.string(), bytes: z.number().int(), created_at: z.string() }).meta({ id: 'StoredBackup' });
const BackupJobSchema = z.object({
  job_id: z.string(), state: z.string(), backup: StoredBackupSchema.nullable(), error: z.string().nullable(),
}).meta({ id: 'StoredBackupJob' });

/** Backups the app keeps itself (GET/POST /backups), through the storage interface: local folder or bucket. */
export function storedBackupsRoutes(app: FastifyInstance, stored: StoredBackups, jobs: JobQueue, runs: JobRunsRepository, opts: { keep: number; schedule: string }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['files'];
  const jobView = async (id: string) => {
    const run = await runs.get(id);
    if (!run || run.kind !== STORED_BACKUP_JOB) throw notFound('job_not_found', `No backup job with id ${id}`, { id });
    const result = run.result as { backup?: z.infer<typeof StoredBackupSchema> } | null;
    return { job_id: run.id, state: run.state, backup: result?.backup ?? null, error: run.error };
  };

  r.get('/backups', {
    schema: {
      tags, summary: 'The backups the app keeps (newest first), where they are kept, and the schedule',
      description: 'Stored by `POST /backups` or on the `BACKUP_CRON` schedule, in `DATA_DIR/backups` or, with `STORAGE=s3`, under the `backups/` prefix of the bucket; the newest `BACKUP_KEEP` are kept.',
      response: { 200: z.object({ location: z.string(), keep: z.number().int(), schedule: z.string(), backups: z.array(StoredBackupSchema) }) },
    },
  }, async () => ({ location: stored.location, keep: opts.keep, schedule: opts.schedule, backups: await stored.list() }));

  r.post('/backups', {
    schema: {
      tags, summary: 'Store a full backup now (a job)',
      description: 'The same archive as `GET /export/backup`, written into the backup storage by a background job. Follow it with `GET /backups/jobs/{id}`.',
      body: z.object({}).strict(),
      response: { 202: BackupJobSchema, 400: ErrorResponseSchema },
    },
  }, async (_req, reply) => {
    const run = await jobs.enqueue(STORED_BACKUP_JOB, {});
    return reply.code(202).send({ job_id: run.id, state: run.state, backup: null, error: null });
  });

  r.get('/backups/jobs/:id', {
    schema: { tags, summary: 'A backup job: its state and, once done, the backup it stored', params: z.object({ id: z.string().max(100) }), response: { 200: BackupJobSchema, 404: ErrorResponseSchema } },
  }, async (req) => jobView(req.params.id));

  r.get('/backups/:name', {
    schema: { tags, summary: 'Download a stored backup (restore it with POST /import/backup)', params: z.object({ name: z.string().max(200) }), response: { 404: ErrorResponseSchema } },
  }, async (req, reply) => {
    const body = await stored.open(req.params.name);
    reply.type('application/zip').header('content-length', String(body.size)).header('cache-control', 'no-store')
      .header('content-disposition', `attachment; filename="${req.params.name}"`);
    return reply.send(body.stream as never);
  });

  r.delete('/backups/:name', {
    schema: { tags, summary: 'Delete a stored backup', params: z.object({ name: z.string().max(200) }), response: { 204: z.null(), 404: ErrorResponseSchema } },
  }, async (req, reply) => {
    await stored.remove(req.params.name);
    return reply.code(204).send(null);
  });
}

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorResponseSchema } from '../../platform/http/openapi-shared.ts';
import type { Backups } from './backups.service.ts';
import { receiveFile } from './upload.ts';

const RestoreReportSchema = z.object({
  dry_run: z.boolean(),
  mode: z.enum(['merge', 'replace']),
  backup: z.object({ created_at: z.string(), app_version: z.string(), counts: z.record(z.string(), z.number()) }),
  items: z.object({ restored: z.number().int(), skipped_existing: z.number().int(), removed: z.number().int() }),
  price_history: z.number().int(),
  photos: z.object({ rows_restored: z.number().int(), files_restored: z.number().int(), files_already_present: z.number().int() }),
  settings: z.number().int(),
  orders: z.number().int().describe('Orders (sales) restored; sold items of an older backup without orders get a completed one'),
  photo_edits: z.number().int().describe('Photo studio edits restored (each checked against its photo as the editor checks it)'),
}).meta({ id: 'RestoreReport' });

/** Uploads go to `tmpDir`, refused past `maxBytes` (BACKUP_MAX_BYTES). */
export function backupsRoutes(app: FastifyInstance, backups: Backups, upload: { tmpDir: string; maxBytes: number }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['files'];

  r.get('/export/backup', {
    schema: {
      tags, summary: 'A full backup: stock, price history, orders, photos with their studio edits and masters, and settings in one ZIP, streamed',
      description: 'manifest.json (format, version, counts, SHA-256 and size of every entry), stock/*.jsonl (one table row per line) and the photo files. '
        + 'Restore it with POST /import/backup.',
    },
  }, async (_req, reply) => {
    reply.type('application/zip').header('content-disposition', `attachment; filename="vintedbot-backup-${new Date().toISOString().slice(0, 10)}.zip"`).header('cache-control', 'no-store');
    return reply.send(backups.archive() as never);
  });

  r.post('/import/backup', {
    schema: {
      tags, summary: 'Restore a backup ZIP',
      description: 'multipart/form-data, the archive in a part named `file`. `mode=merge` (default) adds the items this stock lacks and keeps the rest; '
        + '`mode=replace` makes the stock exactly the backup\'s. `dry_run=true` checks everything and reports without writing. Refused, with nothing '
        + 'changed: a damaged or truncated archive (backup_corrupt), another kind of ZIP (backup_foreign), entries escaping the folder (backup_unsafe_path), '
        + 'links (backup_link_entry), entries not in the manifest (backup_unexpected_entry), altered content (backup_checksum_mismatch), '
        + 'more than BACKUP_MAX_ENTRIES entries or BACKUP_MAX_UNCOMPRESSED_BYTES unpacked (413), a photo entry over PHOTO_MAX_BYTES '
        + '(backup_entry_too_large 413), a line over IMPORT_MAX_LINE_BYTES (backup_line_too_long 413, file and line in `details`), and rows the app '
        + 'would not have written (backup_invalid_row: every item passes the same rules as POST /listings, dates consistent with its status; '
        + '`details.rows` lists each bad row\'s file, line and field). Control characters in text are removed, as everywhere.',
      consumes: ['multipart/form-data'],
      querystring: z.object({
        mode: z.enum(['merge', 'replace']).default('merge'),
        dry_run: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
      }),
      response: { 200: RestoreReportSchema, 400: ErrorResponseSchema, 413: ErrorResponseSchema, 415: ErrorResponseSchema, 422: ErrorResponseSchema },
    },
  }, async (req) => {
    const file = await receiveFile(req, upload.tmpDir, upload.maxBytes, 'backup');
    try {
      return await backups.restore(file.path, { mode: req.query.mode, dryRun: req.query.dry_run });
    } finally {
      await file.cleanup();
    }
  });
}

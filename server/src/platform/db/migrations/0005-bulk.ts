import type { Kysely } from 'kysely';
import { dialectOf } from '../dialect.ts';

// The bulk import's tables (row types in modules/bulk/bulk.tables.ts). Portable: schema builder only.
export async function up(db: Kysely<any>): Promise<void> {
  const pg = dialectOf(db) === 'postgres';
  // One row per batch; its job_runs row (run_id) carries the state and the live counters.
  await db.schema
    .createTable('bulk_jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('run_id', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('options', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('intake', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('grouping', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('bulk_jobs_run_idx').on('bulk_jobs').columns(['run_id']).execute();

  // Every file of the batch, bad ones included (state failed, with the reason): nothing is dropped silently.
  await db.schema
    .createTable('bulk_photos')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('job_id', 'text', (c) => c.notNull().references('bulk_jobs.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('file', 'text', (c) => c.notNull())
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('mime', 'text')
    .addColumn('format', 'text')
    .addColumn('error_code', 'text')
    .addColumn('error_message', 'text')
    .addColumn('width', 'integer')
    .addColumn('height', 'integer')
    .addColumn('taken_at', 'text')
    .addColumn('phash', 'text')
    .addColumn('phash_mirror', 'text')
    .addColumn('colour_layout', 'text')
    .addColumn('signals', 'text')
    .addColumn('embedding', 'text')
    .addColumn('close_up', 'integer')
    .addColumn('classes', 'text')
    .addColumn('duplicate_of', 'text')
    .addColumn('duplicate_kind', 'text')
    .addColumn('duplicate_message', 'text')
    .addColumn('cluster_id', 'text')
    .addColumn('position', 'integer')
    .addColumn('stock_photo_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('bulk_photos_job_seq_uq', ['job_id', 'seq'])
    .execute();
  await db.schema.createIndex('bulk_photos_state_idx').on('bulk_photos').columns(['job_id', 'state', 'seq']).execute();
  await db.schema.createIndex('bulk_photos_cluster_idx').on('bulk_photos').columns(['job_id', 'cluster_id', 'position']).execute();

  // Article groups. Membership lives on bulk_photos (cluster_id, position): one place, so a photo is in one group.
  await db.schema
    .createTable('bulk_clusters')
    .addColumn('job_id', 'text', (c) => c.notNull().references('bulk_jobs.id').onDelete('cascade'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('cover_photo_id', 'text')
    .addColumn('category', 'text')
    .addColumn('category_score', 'real')
    .addColumn('color', 'text')
    .addColumn('color_secondary', 'text')
    .addColumn('brand', 'text')
    .addColumn('size', 'text')
    .addColumn('cohesion', 'real')
    .addColumn('few_photos', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('categorised', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('edited', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('details', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('item_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('bulk_clusters_pk', ['job_id', 'id'])
    .execute();

  // The decision log: why photos are together, which twin was kept, what the seller changed.
  await db.schema
    .createTable('bulk_log')
    .addColumn('id', pg ? 'serial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('job_id', 'text', (c) => c.notNull().references('bulk_jobs.id').onDelete('cascade'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('cluster_id', 'text')
    .addColumn('photo_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('evidence', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
  await db.schema.createIndex('bulk_log_job_idx').on('bulk_log').columns(['job_id', 'id']).execute();

  await db.schema
    .createTable('bulk_plans')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('job_id', 'text', (c) => c.notNull().references('bulk_jobs.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('request', 'text', (c) => c.notNull())
    .addColumn('items', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('bulk_plans_job_version_uq', ['job_id', 'version'])
    .execute();

  // One row per executed plan item and mode (dry run or real): the execution report, and the duplicate guard.
  await db.schema
    .createTable('bulk_results')
    .addColumn('plan_id', 'text', (c) => c.notNull().references('bulk_plans.id').onDelete('cascade'))
    .addColumn('cluster_id', 'text', (c) => c.notNull())
    .addColumn('dry_run', 'integer', (c) => c.notNull())
    .addColumn('ok', 'integer', (c) => c.notNull())
    .addColumn('item_id', 'text')
    .addColumn('report', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('bulk_results_pk', ['plan_id', 'cluster_id', 'dry_run'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['bulk_results', 'bulk_plans', 'bulk_log', 'bulk_clusters', 'bulk_photos', 'bulk_jobs']) await db.schema.dropTable(t).ifExists().execute();
}

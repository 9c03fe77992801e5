import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { ownerScope } from '../../src/platform/security/owner-scope.ts';
import type { TestApp } from '../helpers/test-app.ts';

// Every table of the database that keys rows by a person, found in the database's own catalogue rather than in a
// list: a table added later with an owner column shows up here, and the deletion tests fail until some module's
// owner-data handler answers for it.

/** Columns that name a person: `owner_id` (issue 20), `owner` (tables that predate it), `user_id` in quotas. */
const PERSON_COLUMNS = ['owner_id', 'owner'];

/**
 * Owner columns that do not name a person: vinted_locks.owner and scheduler_ticks.owner are the process holding a
 * lease or a tick; price_drop_runs and vinted_prepared carry an older `owner` beside their `owner_id`, the person.
 */
const NOT_A_PERSON = new Set(['vinted_locks.owner', 'scheduler_ticks.owner', 'price_drop_runs.owner', 'vinted_prepared.owner']);

export interface OwnerColumn { table: string; column: string }

export async function ownerColumns(t: TestApp): Promise<OwnerColumn[]> {
  const db = t.ctx.db;
  const out: OwnerColumn[] = [];
  if (t.config.DATABASE_URL) {
    const r = await sql<{ table_name: string; column_name: string }>`
      select c.table_name, c.column_name from information_schema.columns c join information_schema.tables tb
        on tb.table_schema = c.table_schema and tb.table_name = c.table_name and tb.table_type = 'BASE TABLE'
      where c.table_schema = current_schema() and c.column_name in ('owner_id', 'owner')`.execute(db);
    for (const row of r.rows) out.push({ table: row.table_name, column: row.column_name });
  } else {
    const tables = await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%'`.execute(db);
    for (const { name } of tables.rows) {
      const cols = await sql<{ name: string }>`select name from pragma_table_info(${name})`.execute(db);
      for (const c of cols.rows) if (PERSON_COLUMNS.includes(c.name)) out.push({ table: name, column: c.name });
    }
  }
  return out.filter((c) => !NOT_A_PERSON.has(`${c.table}.${c.column}`)).sort((a, b) => `${a.table}.${a.column}`.localeCompare(`${b.table}.${b.column}`));
}

/** How many rows of `owner` each owner-keyed table holds (read across owners), with the quota limits (user_id). */
export async function rowsOf(t: TestApp, owner: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  await ownerScope.system(async () => {
    for (const { table, column } of await ownerColumns(t)) {
      const r = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)} where ${sql.ref(column)} = ${owner}`.execute(t.ctx.db);
      out[table] = Number(r.rows[0].n);
    }
    const q = await sql<{ n: number | string }>`select count(*) as n from user_quotas where user_id = ${owner}`.execute(t.ctx.db);
    out.user_quotas = Number(q.rows[0].n);
  });
  return out;
}

/** Every row of `owner` in every owner-keyed table, read across owners: what must not change. */
export async function everyRowOf(t: TestApp, owner: string): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  await ownerScope.system(async () => {
    for (const { table, column } of await ownerColumns(t)) {
      const r = await sql<Record<string, unknown>>`select * from ${sql.table(table)} where ${sql.ref(column)} = ${owner}`.execute(t.ctx.db);
      out[table] = r.rows.map((row) => JSON.stringify(row)).sort();
    }
  });
  return out;
}

/** The photo files of a SHA-256 in the local photo folder. */
export function photoFiles(t: TestApp, sha: string): string[] {
  const dir = path.join(t.dataDir, 'photos', sha.slice(0, 2));
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => n.startsWith(sha)) : [];
}

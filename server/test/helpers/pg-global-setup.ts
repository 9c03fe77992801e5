import pg from 'pg';

// Test schemas are dropped before and after the whole run, never while test files run: Kysely's migrator
// introspects every schema, and a schema dropped by another file mid-query made that query fail.
async function dropTestSchemas() {
  const url = process.env.DATABASE_URL;
  if (!url) return;
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const { rows } = await c.query<{ nspname: string }>("select nspname from pg_namespace where nspname like 't\\_%'");
  for (const r of rows) await c.query(`drop schema if exists "${r.nspname}" cascade`);
  await c.end();
}

export const setup = dropTestSchemas;
export const teardown = dropTestSchemas;

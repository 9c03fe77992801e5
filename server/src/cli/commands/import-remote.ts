import fs from 'node:fs';
import path from 'node:path';
import { type CliEnv, EXIT } from '../cli-context.ts';
import { type JobCounters, stageView } from '../stage-bars.ts';
import { type ExecutedGroup, type PlannedArticle, printImportSummary } from './import-summary.ts';

// `vintedbot import … --server URL --token TOKEN`: the same import against a running server, over its API (the one
// way when the server holds the SQLite data folder). The photos are streamed from disk (file-backed blobs), never
// all read into memory; the job runs on the server, and Ctrl-C only stops following it.

const POLL_MS = 500;

export interface RemoteTarget { server: string; token?: string }

class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) { super(message); }
}

function client(target: RemoteTarget) {
  const base = target.server.replace(/\/+$/, '');
  const auth: Record<string, string> = target.token ? { authorization: `Bearer ${target.token}` } : {};
  return async <T>(method: string, url: string, body?: FormData | object): Promise<T> => {
    let res: Response;
    try {
      res = await fetch(`${base}${url}`, {
        method,
        headers: body && !(body instanceof FormData) ? { ...auth, 'content-type': 'application/json' } : auth,
        body: body instanceof FormData ? body : body ? JSON.stringify(body) : undefined,
      });
    } catch (e) {
      // Refused, reset or unknown host: a sentence with the address, not a stack trace.
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      throw new ApiError(0, 'server_unreachable', `${base}: ${cause?.code ?? cause?.message ?? (e as Error).message}`);
    }
    const data = await res.json().catch(() => ({})) as { error?: { code: string; message: string } };
    if (!res.ok) throw new ApiError(res.status, data.error?.code ?? `http_${res.status}`, data.error?.message ?? res.statusText);
    return data as T;
  };
}

type Status = { status: string; error: string | null; progress: JobCounters & { duplicates: number; errors: number } };

export async function runRemoteImport(env: CliEnv, target: RemoteTarget, input: { files: { filename: string; path: string }[] } | { zip: string } | null, o: { resume?: string; execute?: boolean; mode?: string }): Promise<number> {
  const { t } = env;
  const api = client(target);
  let jobId = o.resume ?? '';
  let rejected: unknown[] = [];
  try {
    // The token is checked before any photo is sent: a wrong one fails at once, not after (or in the middle of) an
    // upload that the server refuses before reading it.
    const session = await api<{ authenticated: boolean }>('GET', '/auth/session');
    if (!session.authenticated) throw new ApiError(401, 'unauthorized', target.token ? 'Invalid API token' : 'This server needs its API token: --token TOKEN or API_TOKEN');
    if (input) {
      const form = new FormData();
      if (o.mode) form.append('mode', o.mode);
      const files = 'zip' in input ? [{ filename: path.basename(input.zip), path: input.zip }] : input.files;
      for (const f of files) form.append('files', await fs.openAsBlob(f.path, { type: 'zip' in input ? 'application/zip' : 'application/octet-stream' }), f.filename);
      const r = await api<{ job_id: string; files: number; rejected: unknown[] }>('POST', 'zip' in input ? '/bulk/ingest/zip' : '/bulk/ingest/photos', form);
      jobId = r.job_id;
      rejected = r.rejected;
      if (!env.json) process.stderr.write(`${t('import.received', { files: r.files, job: jobId })}\n`);
    }
    let stopped = false;
    const onSigint = () => { stopped = true; };
    process.once('SIGINT', onSigint);
    const view = env.json ? null : stageView(t);
    let st: Status;
    try {
      for (;;) {
        st = await api<Status>('GET', `/bulk/status?job=${encodeURIComponent(jobId)}`);
        view?.update(st.progress);
        if (st.status !== 'processing' || stopped) break;
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
    } finally {
      view?.stop();
      process.off('SIGINT', onSigint);
    }
    if (stopped && st.status === 'processing') {
      process.stderr.write(`\n${t('import.interrupted', { job: jobId })}\n`);
      return EXIT.interrupted;
    }
    const plan = st.status === 'completed' ? await api<{ plan_id: string; items: PlannedArticle[] }>('POST', '/bulk/listings/plan', { job_id: jobId }) : null;
    const executed = plan && o.execute
      ? (await api<{ results: ExecutedGroup[] }>('POST', '/bulk/listings/execute', { plan_id: plan.plan_id, dry_run: true })).results
      : null;
    return printImportSummary(env, { jobId, status: st.status, error: st.error, progress: st.progress, rejected, plan, executed });
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    if (env.json) process.stdout.write(`${JSON.stringify({ error: { code: e.code, message: e.message, status: e.status } }, null, 2)}\n`);
    else process.stderr.write(`${t('error')} (${e.code}): ${e.message}\n`);
    return EXIT.failed;
  }
}

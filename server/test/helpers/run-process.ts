import { spawn } from 'node:child_process';

export interface ProcessResult { status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }

/**
 * Runs a command to its end and resolves with what spawnSync would return, without blocking the test's event loop.
 * spawnSync blocks vitest's worker for the child's whole life: a `tsx server/src/main.ts …` slower than 60 s on a busy
 * machine then ended the run with "[vitest-worker]: Timeout calling onTaskUpdate".
 */
export function runProcess(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeout?: number } = {}): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, timeout: opts.timeout, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.once('error', reject);
    child.once('close', (status, signal) => resolve({ status, signal, stdout, stderr }));
  });
}

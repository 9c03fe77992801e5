import type { Command } from 'commander';

// `serve` and `worker` are what `npm start` and `npm run worker` run: the same launchers (scripts/start.mjs builds the
// web app when stale, scripts/run-server.mjs supervises and sets the memory settings), so all three behave alike.
const scripts = new URL('../../../../scripts/', import.meta.url);

export function processCommands(program: Command) {
  program.command('serve')
    .description('The app: API, web app, background jobs and schedules, restarted after a crash (what `npm start` runs)')
    .allowUnknownOption()
    .action(async () => {
      await import(new URL('start.mjs', scripts).href);
    });
  program.command('worker')
    .description('A jobs-only process beside `serve` (needs REDIS_URL and DATABASE_URL; what `npm run worker` runs)')
    .action(async () => {
      const { runServer } = await import(new URL('run-server.mjs', scripts).href) as { runServer: (cmd: string, args?: string[]) => void };
      runServer('worker');
    });
}

import 'dotenv/config';
import { Command, CommanderError, Option } from 'commander';
import { ConfigError } from '../config.ts';
import { DataDirLockedError } from '../platform/db/data-dir-lock.ts';
import { AppError } from '../platform/errors.ts';
import { LOCAL_OWNER_ID, ownerScope } from '../platform/security/owner-scope.ts';
import { type CliEnv, EXIT, useEnvironment, version } from './cli-context.ts';
import { doctorCommand } from './commands/doctor.ts';
import { filesCommands } from './commands/files.ts';
import { importCommand } from './commands/import.ts';
import { maintenanceCommands } from './commands/maintenance.ts';
import { processCommands } from './commands/processes.ts';
import { storageCommands } from './commands/storage.ts';
import { detectLang, translator } from './i18n.ts';

// The `vintedbot` command (scripts/vintedbot.mjs runs this file): one more front end on the app's services, beside the
// HTTP routes. Every command has --help; --json prints machine-readable results; --lang (or LANG) picks French or
// English. Exit codes: 0 done, 1 failed, 2 wrong usage, 78 cannot start as configured, 130 stopped by Ctrl-C.

useEnvironment(process.env);

const program = new Command('vintedbot')
  .version(version, '-v, --version')
  .description('VintedBot: photos in, publish-ready listings and a well-kept stock out / vos annonces Vinted à partir de vos photos')
  .addOption(new Option('--lang <lang>', 'language of the messages (default: from LANG)').choices(['fr', 'en']))
  .option('--json', 'print results as JSON (for scripts)')
  .showHelpAfterError()
  .exitOverride();

const env = (): CliEnv => {
  const o = program.opts<{ lang?: 'fr' | 'en'; json?: boolean }>();
  const lang = detectLang(process.env, o.lang);
  return { lang, json: !!o.json, t: translator(lang), apiToken: process.env.API_TOKEN || undefined };
};

importCommand(program, env);
filesCommands(program, env);
maintenanceCommands(program, env);
doctorCommand(program, env);
storageCommands(program, env);
processCommands(program);
for (const c of program.commands) c.exitOverride();

try {
  // A one-shot command works on the single seller's data (issue 20): run as LOCAL_OWNER_ID. The processes it may start
  // (serve, worker) open their own scopes per request, job and scheduled sweep.
  await ownerScope.run(LOCAL_OWNER_ID, () => program.parseAsync(process.argv));
} catch (e) {
  process.exitCode = exitCodeOf(e);
}

function exitCodeOf(e: unknown): number {
  if (e instanceof CommanderError) {
    // --help and --version end with a "success" CommanderError.
    return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  const t = env().t;
  if (e instanceof ConfigError || e instanceof DataDirLockedError) {
    process.stderr.write(`${e.message}\n`);
    return EXIT.cannotStart;
  }
  if (e instanceof AppError) {
    // The API's stable code with its message: the same words the routes answer.
    if (env().json) process.stdout.write(`${JSON.stringify({ error: { code: e.code, message: e.message, details: e.details } }, null, 2)}\n`);
    else process.stderr.write(`${t('error')} (${e.code}): ${e.message}\n`);
    return EXIT.failed;
  }
  process.stderr.write(`${t('error')}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  return EXIT.failed;
}

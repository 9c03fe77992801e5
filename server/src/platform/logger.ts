import type { LoggerOptions } from 'pino';

// Paths pino blanks out wherever they appear, so a cookie, token or key can never reach a log line.
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'req.headers["x-csrf-token"]',
  'req.headers["stripe-signature"]',
  'res.headers["set-cookie"]',
  '*.cookie', '*.cookies', '*.cookie_value', '*.authorization', '*.password', '*.secret', '*.token',
  '*.api_key', '*.apiKey', '*.access_token', '*.refresh_token', '*.confirm_token', '*.user_agent',
  '*.*.cookie', '*.*.cookie_value', '*.*.authorization', '*.*.api_key', '*.*.token',
  // Accounts mode: passwords and the secrets of sessions, API tokens and one-time links, wherever they might be logged.
  'password', 'new_password', 'current_password', '*.new_password', '*.current_password', '*.password_hash', '*.token_hash', '*.csrf_token', '*.*.password', '*.*.new_password', '*.*.current_password',
];

export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    base: { service: 'vintedbot' },
    timestamp: () => `,"time":"${new Date().toISOString()}"`,
  };
}

/** One log line as the admin reads it back (GET /admin/log): the JSON pino wrote, already redacted. */
export type LogEntry = Record<string, unknown> & { level: number; time: string; msg?: string };

/**
 * The last lines this process logged, kept in memory for the admin (accounts mode): a pino destination beside
 * stdout. It holds what pino wrote, so everything in it went through the redaction above.
 */
export class LogRing {
  private readonly entries: string[] = [];

  constructor(readonly capacity = 2000) {}

  write(line: string): void {
    this.entries.push(line);
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
  }

  /** Newest first: at least `minLevel` (pino's numbers: 30 info, 40 warn, 50 error), containing `text` when given. */
  read(opts: { minLevel?: number; text?: string; limit?: number } = {}): LogEntry[] {
    const out: LogEntry[] = [];
    const text = opts.text?.toLowerCase();
    for (let i = this.entries.length - 1; i >= 0 && out.length < (opts.limit ?? 200); i--) {
      const line = this.entries[i];
      if (text && !line.toLowerCase().includes(text)) continue;
      let entry: LogEntry;
      try {
        entry = JSON.parse(line) as LogEntry;
      } catch {
        continue;
      }
      if ((entry.level ?? 0) >= (opts.minLevel ?? 0)) out.push(entry);
    }
    return out;
  }
}

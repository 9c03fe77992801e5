import type { LoggerOptions } from 'pino';

// Paths pino blanks out wherever they appear, so a cookie, token or key can never reach a log line.
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'req.headers["x-csrf-token"]',
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

import os from 'node:os';
import nodemailer from 'nodemailer';
import type { Logger } from 'pino';

// Outgoing e-mail over the seller's own SMTP server (SMTP_URL), for what the accounts need to send: password-reset
// and invitation links. Without SMTP_URL nothing is sent and the admin hands links over as before. The URL holds the
// SMTP password: it is never logged (errors are logged by their code and message only, which nodemailer writes
// without credentials).

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

export interface Mailer {
  /** True when SMTP_URL is set. */
  readonly configured: boolean;
  /** Sends one message; rejects with an Error whose `code` says why (EAUTH, ECONNECTION, ETIMEDOUT…). */
  send(message: MailMessage): Promise<void>;
  close(): void;
}

export interface MailConfig {
  SMTP_URL?: string;
  MAIL_FROM?: string;
}

/** The sender when MAIL_FROM is not set: the SMTP login if it looks like an address, else no-reply at this host. */
function defaultFrom(url: URL): string {
  const user = decodeURIComponent(url.username);
  return `VintedBot <${user.includes('@') ? user : `no-reply@${os.hostname()}`}>`;
}

export function createMailer(config: MailConfig, log: Logger): Mailer {
  if (!config.SMTP_URL) {
    return {
      configured: false,
      send: async () => { throw Object.assign(new Error('No SMTP_URL is set: this server sends no e-mail'), { code: 'mail_not_configured' }); },
      close: () => {},
    };
  }
  const url = new URL(config.SMTP_URL);
  const from = config.MAIL_FROM ?? defaultFrom(url);
  // Short timeouts: a reset request waits for nobody, but an admin's invitation does, and a dead server should say so.
  const transport = nodemailer.createTransport({ url: config.SMTP_URL, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 });
  return {
    configured: true,
    async send(message) {
      try {
        await transport.sendMail({ from, ...message });
      } catch (err) {
        const e = err as { code?: string; message?: string };
        log.warn({ mail: { code: e.code ?? 'unknown', message: e.message } }, 'sending an e-mail failed');
        throw err;
      }
    },
    close: () => transport.close(),
  };
}

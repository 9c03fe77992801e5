import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

// A real SMTP server on a local port, standing in for the seller's mail provider: it takes what nodemailer sends
// (plain SMTP, AUTH PLAIN/LOGIN over it), checks the login, and keeps each message for the test to read.

export interface ReceivedMail {
  from: string;
  to: string[];
  subject: string;
  /** The text body, quoted-printable undone. */
  text: string;
  raw: string;
}

/** Undoes quoted-printable: soft line breaks, then =XX bytes read as UTF-8. */
function fromQuotedPrintable(s: string): string {
  const joined = s.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    if (joined[i] === '=' && /^[0-9A-F]{2}$/i.test(joined.slice(i + 1, i + 3))) {
      bytes.push(parseInt(joined.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(joined[i], 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

function parse(raw: string, from: string, to: string[]): ReceivedMail {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const body = raw.slice(split + 4);
  const header = (name: string) => head.split('\r\n').find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`))?.slice(name.length + 1).trim() ?? '';
  const subject = header('subject').replace(/=\?utf-8\?Q\?(.*?)\?=/gi, (_, q: string) => fromQuotedPrintable(q.replace(/_/g, ' ')));
  const encoding = header('content-transfer-encoding').toLowerCase();
  const text = encoding === 'quoted-printable' ? fromQuotedPrintable(body) : encoding === 'base64' ? Buffer.from(body, 'base64').toString('utf8') : body;
  return { from, to, subject, text, raw };
}

export interface FakeSmtp {
  url: string;
  received: ReceivedMail[];
  /** The next message to arrive (or the first not yet taken by an earlier call). */
  next(): Promise<ReceivedMail>;
  /** Logins refused from now on (a provider that changed the password). */
  refuseLogins(): void;
  close(): Promise<void>;
}

export async function startFakeSmtp(user = 'shop@example.org', pass = 'smtp-secret-pass'): Promise<FakeSmtp> {
  const received: ReceivedMail[] = [];
  let taken = 0;
  let waiting: (() => void)[] = [];
  let refuse = false;
  const server = new SMTPServer({
    // Plain SMTP on loopback: no certificate to make, and nodemailer logs in over it when told it may.
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authOptional: false,
    logger: false,
    onAuth(auth, _session, cb) {
      if (!refuse && auth.username === user && auth.password === pass) cb(null, { user });
      else cb(Object.assign(new Error('535 Authentication failed'), { responseCode: 535 }));
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        received.push(parse(Buffer.concat(chunks).toString('utf8'), from, session.envelope.rcptTo.map((r) => r.address)));
        const w = waiting;
        waiting = [];
        for (const wake of w) wake();
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://${encodeURIComponent(user)}:${encodeURIComponent(pass)}@127.0.0.1:${port}`,
    received,
    async next() {
      while (received.length <= taken) await new Promise<void>((r) => waiting.push(r));
      return received[taken++];
    },
    refuseLogins: () => void (refuse = true),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

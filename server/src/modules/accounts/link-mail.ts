import type { Logger } from 'pino';
import type { Mailer } from '../../platform/mail/mailer.ts';
import type { LinkView } from './accounts.types.ts';

// The e-mails carrying one-time links (password reset, invitation), in the reader's language. The link's secret is
// in the message body only: it is never logged, and a failed send is logged by its SMTP error code.

export type MailLang = 'fr' | 'en';

/** The language of a request: `lang` when given, else the first of Accept-Language we write in, else French. */
export function mailLang(explicit: string | undefined, acceptLanguage: string | undefined): MailLang {
  if (explicit === 'fr' || explicit === 'en') return explicit;
  for (const part of (acceptLanguage ?? '').split(',')) {
    const tag = part.trim().slice(0, 2).toLowerCase();
    if (tag === 'fr' || tag === 'en') return tag;
  }
  return 'fr';
}

const when = (iso: string, lang: MailLang) =>
  new Date(iso).toLocaleString(lang === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }) + ' UTC';

function compose(link: LinkView, lang: MailLang, from: string | undefined) {
  const until = when(link.expires_at, lang);
  if (link.kind === 'reset') {
    return lang === 'fr'
      ? {
          subject: 'Choisir un nouveau mot de passe VintedBot',
          text: `Bonjour,\n\nPour choisir un nouveau mot de passe, ouvrez ce lien. Il sert une seule fois, jusqu'au ${until} :\n\n${link.url}\n\n`
            + 'Vos sessions ouvertes se fermeront. Si vous n\'avez rien demandé, ignorez ce message : votre mot de passe ne change pas.\n\n— VintedBot\n',
        }
      : {
          subject: 'Choose a new VintedBot password',
          text: `Hello,\n\nTo choose a new password, open this link. It works once, until ${until}:\n\n${link.url}\n\n`
            + 'Your open sessions will end. If you did not ask for this, ignore this message: your password stays as it is.\n\n— VintedBot\n',
        };
  }
  const by = from ? (lang === 'fr' ? ` de la part de ${from}` : ` from ${from}`) : '';
  return lang === 'fr'
    ? {
        subject: 'Votre invitation à VintedBot',
        text: `Bonjour,\n\nVoici votre invitation à VintedBot${by}. Ouvrez ce lien pour créer votre compte (${link.email}). Il sert une seule fois, jusqu'au ${until} :\n\n${link.url}\n\n— VintedBot\n`,
      }
    : {
        subject: 'Your VintedBot invitation',
        text: `Hello,\n\nHere is your invitation to VintedBot${by}. Open this link to create your account (${link.email}). It works once, until ${until}:\n\n${link.url}\n\n— VintedBot\n`,
      };
}

export class LinkMail {
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly mailer: Mailer,
    private readonly log: Logger,
  ) {}

  /** Runs `work` beside the answer, tracked so that stopping the module waits for it; a failure is logged. */
  later(work: () => Promise<void>): void {
    const p: Promise<void> = work()
      .catch((err) => this.log.warn({ err }, 'an e-mail task failed'))
      .finally(() => this.pending.delete(p));
    this.pending.add(p);
  }

  /** Waits for the e-mails under way, then closes the SMTP connections. */
  async stop(): Promise<void> {
    await Promise.allSettled([...this.pending]);
    this.mailer.close();
  }

  get enabled(): boolean {
    return this.mailer.configured;
  }

  /** Sends the link to its address; false (logged) when the SMTP server refused or could not be reached. */
  async send(link: LinkView, lang: MailLang, from?: string): Promise<boolean> {
    try {
      await this.mailer.send({ to: link.email, ...compose(link, lang, from) });
      this.log.info({ event: link.kind === 'reset' ? 'reset_link_emailed' : 'invitation_emailed' }, 'one-time link e-mailed');
      return true;
    } catch {
      return false;
    }
  }
}

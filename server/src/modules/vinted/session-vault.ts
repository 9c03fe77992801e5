import { AppError } from '../../platform/errors.ts';
import { type SecretBox, SecretBoxError } from '../../platform/security/secret-box.ts';
import { nowIso } from '../../platform/time.ts';
import { SessionRepository } from './session.repository.ts';
import type { VintedDb, VintedSessionTable } from './vinted.tables.ts';

// The seller's Vinted session: their Cookie header and user agent, sealed together with AES-256-GCM. Only the
// account name, id and state are stored in clear; nothing here ever logs or returns the secret itself.

const SEAL_CONTEXT = 'vinted.session.v1';

export interface SessionSecret {
  cookie: string;
  user_agent: string | null;
}

export interface SessionInfo {
  username: string | null;
  user_id: string | null;
  /** 'active', or 'expired' once the site refused it (401, /session-refresh) or its expiry passed. */
  state: 'active' | 'expired';
  expires_at: string | null;
  verified_at: string | null;
  updated_at: string;
}

export class SessionVault {
  private readonly rows: SessionRepository;

  constructor(
    db: VintedDb,
    private readonly box: SecretBox,
  ) {
    this.rows = new SessionRepository(db);
  }

  async save(secret: SessionSecret, meta: { username: string | null; user_id: string | null; expires_at: string | null; verified: boolean }): Promise<void> {
    const at = nowIso();
    const sealed = this.box.seal(JSON.stringify(secret), SEAL_CONTEXT);
    const values = {
      sealed, username: meta.username, user_id: meta.user_id, state: 'active', expires_at: meta.expires_at,
      verified_at: meta.verified ? at : null, updated_at: at,
    };
    await this.rows.put(values);
  }

  async info(): Promise<SessionInfo | null> {
    const row = await this.row();
    return row ? toInfo(row) : null;
  }

  /** What is kept in clear of another account's session (the accounts list shows each one's). */
  async infoOf(accountId: string): Promise<SessionInfo | null> {
    const row = await this.rows.get(accountId);
    return row ? toInfo(row) : null;
  }

  /** The usable session, or a 401 saying why there is none (absent, expired, unreadable with this key). */
  async require(): Promise<{ secret: SessionSecret; info: SessionInfo }> {
    const row = await this.row();
    if (!row) throw new AppError(401, 'no_session', 'No Vinted session is saved: POST /vinted/auth/session with your Cookie header first');
    const info = toInfo(row);
    if (info.state === 'expired') throw new AppError(401, 'session_expired', 'The Vinted session has expired: log in on Vinted in your browser and save the new Cookie header');
    return { secret: this.open(row), info };
  }

  /** The sealed secret, opened; for callers that already hold the row's state (auth check). */
  async load(): Promise<{ secret: SessionSecret; info: SessionInfo } | null> {
    const row = await this.row();
    return row ? { secret: this.open(row), info: toInfo(row) } : null;
  }

  async markExpired(): Promise<void> {
    await this.rows.update({ state: 'expired', updated_at: nowIso() });
  }

  async markVerified(username: string | null, userId: string | null): Promise<void> {
    const at = nowIso();
    await this.rows.update({ username, user_id: userId, state: 'active', verified_at: at, updated_at: at });
  }

  async delete(): Promise<boolean> {
    return this.rows.delete();
  }

  private async row(): Promise<VintedSessionTable | null> {
    return this.rows.get();
  }

  private open(row: VintedSessionTable): SessionSecret {
    try {
      const s = JSON.parse(this.box.openString(row.sealed, SEAL_CONTEXT)) as SessionSecret;
      return { cookie: s.cookie, user_agent: s.user_agent ?? null };
    } catch (e) {
      if (e instanceof SecretBoxError) {
        throw new AppError(401, 'session_unreadable', 'The saved Vinted session cannot be decrypted with the current SECRET_KEY or key file: save it again');
      }
      throw e;
    }
  }
}

function toInfo(row: VintedSessionTable): SessionInfo {
  const expired = row.state === 'expired' || (row.expires_at !== null && Date.parse(row.expires_at) <= Date.now());
  return {
    username: row.username, user_id: row.user_id, state: expired ? 'expired' : 'active',
    expires_at: row.expires_at, verified_at: row.verified_at, updated_at: row.updated_at,
  };
}

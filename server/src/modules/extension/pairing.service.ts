import { createHash, randomBytes, randomInt } from 'node:crypto';
import { AppError, notFound } from '../../platform/errors.ts';
import { ownerScope } from '../../platform/security/owner-scope.ts';
import { newId, nowIso } from '../../platform/time.ts';
import type { PairingRepository } from './pairing.repository.ts';

// Pairing the browser extension with this app: the web app shows a short one-time code, the seller types it into
// the extension, which trades it for a token of its own. The token is limited to what the extension does (its
// scopes), stored as a hash, and revoked from the settings.

/** What a paired extension may do, and nothing else. */
export const EXTENSION_SCOPES = ['drafts:read', 'photos:read', 'outcomes:write', 'prices:read', 'wardrobe:write', 'sales:write'] as const;
export type ExtensionScope = (typeof EXTENSION_SCOPES)[number];

export const PAIRING_CODE_TTL_MS = 10 * 60_000;
/** Wrong codes typed while a code is open; past this the code is burnt and the seller asks for a new one. */
export const PAIRING_MAX_FAILURES = 10;
export const TOKEN_PREFIX = 'vbx_';
// No 0/O, 1/I/L: read off a screen and typed by hand.
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** `owner`: whose extension it is, the owner its requests run as (the person who asked for the pairing code). */
/** `account_id`: the Vinted account the extension acts for (active when it was paired; null for a pairing older than accounts). */
export interface ExtensionGrant { token_id: string; name: string; scopes: ExtensionScope[]; owner: string; account_id: string | null }
export interface PairedToken { id: string; name: string; scopes: ExtensionScope[]; created_at: string; last_used_at: string | null; account_id: string | null }

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
/** The code as typed: case, spaces and dashes do not matter. */
export const normalizeCode = (code: string) => code.toUpperCase().replace(/[\s-]/g, '');

export class PairingService {
  constructor(
    private readonly repo: PairingRepository,
    /** The current owner's active Vinted account: a code, and the extension paired with it, act for that account. */
    private readonly activeAccount: () => Promise<string>,
    private readonly now: () => number = Date.now,
  ) {}

  async createCode(): Promise<{ code: string; expires_at: string; account_id: string }> {
    const account_id = await this.activeAccount();
    let raw = '';
    for (let i = 0; i < 8; i++) raw += ALPHABET[randomInt(ALPHABET.length)];
    const created = new Date(this.now());
    const expires_at = new Date(created.getTime() + PAIRING_CODE_TTL_MS).toISOString();
    await this.repo.replaceOpenCodes({ id: newId(), code_hash: sha256(raw), created_at: created.toISOString(), expires_at, used_at: null, failed_attempts: 0, account_id });
    return { code: `${raw.slice(0, 4)}-${raw.slice(4)}`, expires_at, account_id };
  }

  /** Trades an open code for a token (shown once). A wrong code counts against the open one. */
  async claim(code: string, name: string): Promise<{ token: string; token_id: string; scopes: ExtensionScope[]; account_id: string | null }> {
    const at = new Date(this.now()).toISOString();
    const open = await this.repo.openCodes(at);
    const hash = sha256(normalizeCode(code));
    const match = open.find((c) => c.code_hash === hash);
    if (!match || !(await this.repo.consumeCode(match.id, at))) {
      await this.repo.countFailure(open.map((c) => c.id), PAIRING_MAX_FAILURES, at);
      throw new AppError(403, 'pairing_code_invalid', 'This pairing code is wrong, expired or already used: show a new one in the app (Settings → Connect the extension).');
    }
    const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
    const id = newId();
    // The extension becomes the code's owner's: the person who asked for the code in the app (LOCAL_OWNER_ID's
    // codes in a single-seller install, every code being theirs).
    const owner = match.owner_id;
    if (!owner) throw new Error('extension_pairing_codes row without owner_id');
    await ownerScope.run(owner, () => this.repo.insertToken({ id, token_hash: sha256(token), name, scopes: JSON.stringify(EXTENSION_SCOPES), created_at: at, last_used_at: null, revoked_at: null, account_id: match.account_id ?? null }));
    return { token, token_id: id, scopes: [...EXTENSION_SCOPES], account_id: match.account_id ?? null };
  }

  /** The grant a token stands for, or null (unknown, revoked, or not an extension token at all). */
  async verify(token: string | null | undefined): Promise<ExtensionGrant | null> {
    if (!token || !token.startsWith(TOKEN_PREFIX) || token.length > 100) return null;
    const row = await this.repo.tokenByHash(sha256(token));
    if (!row) return null;
    // "Last used" at minute precision is enough for the settings and spares a write per request.
    const at = new Date(this.now()).toISOString();
    if (!row.last_used_at || row.last_used_at.slice(0, 16) !== at.slice(0, 16)) await this.repo.touchToken(row.id, at);
    if (!row.owner_id) return null;
    return { token_id: row.id, name: row.name, scopes: JSON.parse(row.scopes) as ExtensionScope[], owner: row.owner_id, account_id: row.account_id ?? null };
  }

  async tokens(): Promise<PairedToken[]> {
    return (await this.repo.tokens()).map((r) => ({ id: r.id, name: r.name, scopes: JSON.parse(r.scopes) as ExtensionScope[], created_at: r.created_at, last_used_at: r.last_used_at, account_id: r.account_id ?? null }));
  }

  async revoke(id: string): Promise<void> {
    if (!(await this.repo.revoke(id, new Date(this.now()).toISOString()))) throw notFound('extension_token_not_found', 'No paired extension with this id (already revoked?)', { id });
  }
}

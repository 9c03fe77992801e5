import type { Transaction } from 'kysely';
import { dialectOf } from '../../platform/db/dialect.ts';
import type { Database } from '../../platform/db/schema.ts';
import { isUniqueViolation } from '../../platform/db/unique-violation.ts';
import type { AccountsDb, AuthLinksTable, AuthSessionsTable, UserApiTokensTable, UsersTable } from './accounts.tables.ts';

// SQL of the accounts tables: users, their sessions and API tokens (hashes only), the one-time links, the login
// throttle and the platform switches.


export interface SessionWithUser {
  session: AuthSessionsTable;
  user: UsersTable;
}

export class AccountsRepository {
  constructor(private readonly db: AccountsDb) {}

  // ── users ──

  async countUsers(): Promise<number> {
    const r = await this.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /**
   * The first user, only while there is none: false when another request got there first. The first admin's id is
   * fixed (the single-seller owner id), so two racing set-ups collide on the primary key even where the count saw 0.
   */
  async insertFirstUser(row: UsersTable): Promise<boolean> {
    try {
      return await this.db.transaction().execute(async (t) => {
        const r = await t.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
        if (Number(r.n) > 0) return false;
        await t.insertInto('users').values(row).execute();
        return true;
      });
    } catch (e) {
      if (isUniqueViolation(e)) return false;
      throw e;
    }
  }

  /** False when the email is taken. */
  async insertUser(row: UsersTable): Promise<boolean> {
    try {
      await this.db.insertInto('users').values(row).execute();
      return true;
    } catch (e) {
      if (isUniqueViolation(e)) return false;
      throw e;
    }
  }

  userById(id: string): Promise<UsersTable | undefined> {
    return this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  }

  userByEmail(email: string): Promise<UsersTable | undefined> {
    return this.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
  }

  users(): Promise<UsersTable[]> {
    return this.db.selectFrom('users').selectAll().orderBy('created_at').orderBy('id').execute();
  }

  async updateUser(id: string, patch: Partial<Pick<UsersTable, 'password_hash' | 'password_set' | 'role' | 'suspended_at' | 'name' | 'updated_at' | 'last_seen_at'>>): Promise<boolean> {
    const r = await this.db.updateTable('users').set(patch).where('id', '=', id).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** A first password for an account that had none (made through Google): false when one was set meanwhile. */
  async setFirstPassword(id: string, hash: string, at: string): Promise<boolean> {
    const r = await this.db.updateTable('users').set({ password_hash: hash, password_set: 1, updated_at: at }).where('id', '=', id).where('password_set', '=', 0).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** The ids of the users who are not suspended: the owners the scheduled sweeps run for. */
  async activeUserIds(): Promise<string[]> {
    return (await this.db.selectFrom('users').select('id').where('suspended_at', 'is', null).orderBy('id').execute()).map((r) => r.id);
  }

  async activeAdmins(): Promise<string[]> {
    const rows = await this.db.selectFrom('users').select('id').where('role', '=', 'admin').where('suspended_at', 'is', null).execute();
    return rows.map((r) => r.id);
  }

  /**
   * Changes a user's role, suspends or deletes them only if an active admin other than them remains, in one
   * transaction: two admins removing each other at once cannot leave none.
   */
  async changeKeepingAnAdmin(id: string, change: { delete: true } | { patch: Partial<Pick<UsersTable, 'role' | 'suspended_at' | 'updated_at'>> }): Promise<'done' | 'last_admin' | 'not_found'> {
    return this.db.transaction().execute(async (t) => {
      const user = await t.selectFrom('users').select(['id', 'role']).where('id', '=', id).executeTakeFirst();
      if (!user) return 'not_found';
      // PostgreSQL: the active admins' rows are locked until commit, always in id order (no deadlock), so a
      // concurrent change waits and then sees this one. SQLite runs one writer at a time.
      let q = t.selectFrom('users').select('id').where('role', '=', 'admin').where('suspended_at', 'is', null).orderBy('id');
      if (dialectOf(this.db) === 'postgres') q = q.forUpdate();
      const others = (await q.execute()).filter((r) => r.id !== id);
      const staysAdmin = !('delete' in change) && (change.patch.role ?? user.role) === 'admin' && change.patch.suspended_at == null;
      if (user.role === 'admin' && !staysAdmin && others.length === 0) return 'last_admin';
      if ('delete' in change) await t.deleteFrom('users').where('id', '=', id).execute();
      else await t.updateTable('users').set(change.patch).where('id', '=', id).execute();
      return 'done';
    });
  }

  /**
   * Deletes the account and, in the same transaction, the person's data (`withData`: erased, or handed to `to`), so a
   * failure anywhere leaves the account and every row as they were. PostgreSQL: the person, the recipient and the
   * active admins are locked in id order (no deadlock) until commit, so a concurrent deletion of the recipient waits
   * and then sees this one; SQLite runs one writer at a time.
   */
  async deleteWithData(id: string, to: string | undefined, withData: (t: Transaction<Database>) => Promise<void>): Promise<'done' | 'last_admin' | 'not_found' | 'target_not_found'> {
    return this.db.transaction().execute(async (t) => {
      const named = to ? [id, to] : [id];
      let q = t.selectFrom('users').select(['id', 'role', 'suspended_at'])
        .where((eb) => eb.or([eb('id', 'in', named), eb.and([eb('role', '=', 'admin'), eb('suspended_at', 'is', null)])]))
        .orderBy('id');
      if (dialectOf(this.db) === 'postgres') q = q.forUpdate();
      const rows = await q.execute();
      const user = rows.find((r) => r.id === id);
      if (!user) return 'not_found';
      if (to && !rows.some((r) => r.id === to)) return 'target_not_found';
      const otherAdmins = rows.filter((r) => r.id !== id && r.role === 'admin' && r.suspended_at === null);
      if (user.role === 'admin' && otherAdmins.length === 0) return 'last_admin';
      await withData(t as unknown as Transaction<Database>);
      await t.deleteFrom('users').where('id', '=', id).execute();
      return 'done';
    });
  }

  async figures(since: string): Promise<{ users: number; admins: number; suspended: number; active: number }> {
    const r = await this.db
      .selectFrom('users')
      .select((eb) => [
        eb.fn.countAll<number>().as('users'),
        eb.fn.sum<number>(eb.case().when('role', '=', 'admin').then(1).else(0).end()).as('admins'),
        eb.fn.sum<number>(eb.case().when('suspended_at', 'is not', null).then(1).else(0).end()).as('suspended'),
        eb.fn.sum<number>(eb.case().when('last_seen_at', '>=', since).then(1).else(0).end()).as('active'),
      ])
      .executeTakeFirstOrThrow();
    return { users: Number(r.users), admins: Number(r.admins ?? 0), suspended: Number(r.suspended ?? 0), active: Number(r.active ?? 0) };
  }

  // ── sessions ──

  async insertSession(row: AuthSessionsTable): Promise<void> {
    await this.db.insertInto('auth_sessions').values(row).execute();
  }

  /** The unexpired session whose current token, or whose previous one still in its grace period, has this hash. */
  async sessionByHash(hash: string, now: string): Promise<SessionWithUser | undefined> {
    const session = await this.db
      .selectFrom('auth_sessions')
      .selectAll()
      .where((eb) => eb.or([eb('token_hash', '=', hash), eb.and([eb('previous_hash', '=', hash), eb('previous_until', '>', now)])]))
      .where('expires_at', '>', now)
      .executeTakeFirst();
    if (!session) return undefined;
    const user = await this.userById(session.user_id);
    return user ? { session, user } : undefined;
  }

  /** Replaces the session's token hash if it is still `oldHash` (one of two racing rotations wins). */
  async rotateSession(id: string, oldHash: string, next: Pick<AuthSessionsTable, 'token_hash' | 'previous_hash' | 'previous_until' | 'rotated_at' | 'last_seen_at' | 'expires_at'>): Promise<boolean> {
    const r = await this.db.updateTable('auth_sessions').set(next).where('id', '=', id).where('token_hash', '=', oldHash).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async touchSession(id: string, userId: string, now: string): Promise<void> {
    await this.db.updateTable('auth_sessions').set({ last_seen_at: now }).where('id', '=', id).execute();
    await this.db.updateTable('users').set({ last_seen_at: now }).where('id', '=', userId).execute();
  }

  /** When the person signed in to open this session (rotations keep it), or undefined for an unknown session. */
  async sessionSignedInAt(id: string, userId: string): Promise<string | undefined> {
    return (await this.db.selectFrom('auth_sessions').select('created_at').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst())?.created_at;
  }

  sessionsOf(userId: string, now: string): Promise<AuthSessionsTable[]> {
    return this.db.selectFrom('auth_sessions').selectAll().where('user_id', '=', userId).where('expires_at', '>', now).orderBy('last_seen_at', 'desc').execute();
  }

  async deleteSession(id: string, userId: string): Promise<boolean> {
    const r = await this.db.deleteFrom('auth_sessions').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
    return Number(r.numDeletedRows) === 1;
  }

  /** Ends every session of a user (but `keep`, when given). */
  async deleteSessionsOf(userId: string, keep?: string): Promise<number> {
    let q = this.db.deleteFrom('auth_sessions').where('user_id', '=', userId);
    if (keep) q = q.where('id', '!=', keep);
    const r = await q.executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  async deleteExpired(now: string): Promise<void> {
    await this.db.deleteFrom('auth_sessions').where('expires_at', '<=', now).execute();
    await this.db.deleteFrom('auth_links').where('expires_at', '<=', now).execute();
    await this.db.deleteFrom('auth_throttle').where('window_start', '<=', now).where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)])).execute();
  }

  // ── API tokens ──

  async insertToken(row: UserApiTokensTable): Promise<void> {
    await this.db.insertInto('user_api_tokens').values(row).execute();
  }

  async tokenByHash(hash: string): Promise<{ token: UserApiTokensTable; user: UsersTable } | undefined> {
    const token = await this.db.selectFrom('user_api_tokens').selectAll().where('token_hash', '=', hash).where('revoked_at', 'is', null).executeTakeFirst();
    if (!token) return undefined;
    const user = await this.userById(token.user_id);
    return user ? { token, user } : undefined;
  }

  async touchToken(id: string, userId: string, now: string): Promise<void> {
    await this.db.updateTable('user_api_tokens').set({ last_used_at: now }).where('id', '=', id).execute();
    await this.db.updateTable('users').set({ last_seen_at: now }).where('id', '=', userId).execute();
  }

  tokensOf(userId: string): Promise<UserApiTokensTable[]> {
    return this.db.selectFrom('user_api_tokens').selectAll().where('user_id', '=', userId).where('revoked_at', 'is', null).orderBy('created_at', 'desc').execute();
  }

  async revokeToken(id: string, userId: string, now: string): Promise<boolean> {
    const r = await this.db.updateTable('user_api_tokens').set({ revoked_at: now }).where('id', '=', id).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  // ── one-time links ──

  async insertLink(row: AuthLinksTable, replaceOpenResetsOf?: string): Promise<void> {
    await this.db.transaction().execute(async (t) => {
      if (replaceOpenResetsOf) await t.updateTable('auth_links').set({ used_at: row.created_at }).where('kind', '=', 'reset').where('user_id', '=', replaceOpenResetsOf).where('used_at', 'is', null).execute();
      await t.insertInto('auth_links').values(row).execute();
    });
  }

  /** When the user's latest reset link was made, used or not. */
  async lastResetLinkAt(userId: string): Promise<string | null> {
    const row = await this.db.selectFrom('auth_links').select('created_at').where('kind', '=', 'reset').where('user_id', '=', userId)
      .orderBy('created_at', 'desc').limit(1).executeTakeFirst();
    return row?.created_at ?? null;
  }

  openLinkByHash(hash: string, now: string): Promise<AuthLinksTable | undefined> {
    return this.db.selectFrom('auth_links').selectAll().where('token_hash', '=', hash).where('used_at', 'is', null).where('expires_at', '>', now).executeTakeFirst();
  }

  /** Marks the link used only if it still was open: two uses of one link cannot both win. */
  async consumeLink(id: string, now: string): Promise<boolean> {
    const r = await this.db.updateTable('auth_links').set({ used_at: now }).where('id', '=', id).where('used_at', 'is', null).where('expires_at', '>', now).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  openInvitations(now: string): Promise<AuthLinksTable[]> {
    return this.db.selectFrom('auth_links').selectAll().where('kind', '=', 'invite').where('used_at', 'is', null).where('expires_at', '>', now).orderBy('created_at', 'desc').execute();
  }

  async closeLink(id: string, kind: string, now: string): Promise<boolean> {
    const r = await this.db.updateTable('auth_links').set({ used_at: now }).where('id', '=', id).where('kind', '=', kind).where('used_at', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  // ── login throttle ──

  /** The latest lock among `keys` still in force, or null. */
  async lockedUntil(keys: string[], now: string): Promise<string | null> {
    const rows = await this.db.selectFrom('auth_throttle').select('locked_until').where('key', 'in', keys).where('locked_until', '>', now).execute();
    return rows.map((r) => r.locked_until!).sort().at(-1) ?? null;
  }

  /**
   * Counts one failure under `key` (a new window when the last one started before `windowStart`), and locks the
   * key until `lockUntil` once it reaches `limit`. Atomic per statement: concurrent failures all count.
   */
  async countFailure(key: string, now: string, windowStart: string, limit: number, lockUntil: string): Promise<number> {
    await this.db
      .insertInto('auth_throttle')
      .values({ key, failures: 1, window_start: now, locked_until: null })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet((eb) => ({
          failures: eb.case().when('auth_throttle.window_start', '<', windowStart).then(1).else(eb('auth_throttle.failures', '+', 1)).end(),
          window_start: eb.case().when('auth_throttle.window_start', '<', windowStart).then(now).else(eb.ref('auth_throttle.window_start')).end(),
        })),
      )
      .execute();
    const row = await this.db.selectFrom('auth_throttle').select('failures').where('key', '=', key).executeTakeFirstOrThrow();
    if (row.failures >= limit) await this.db.updateTable('auth_throttle').set({ locked_until: lockUntil }).where('key', '=', key).execute();
    return row.failures;
  }

  async clearThrottle(key: string): Promise<void> {
    await this.db.deleteFrom('auth_throttle').where('key', '=', key).execute();
  }

  // ── platform switches ──

  async setting(key: string): Promise<string | undefined> {
    return (await this.db.selectFrom('auth_settings').select('value').where('key', '=', key).executeTakeFirst())?.value;
  }

  async setSetting(key: string, value: string, now: string): Promise<void> {
    await this.db.insertInto('auth_settings').values({ key, value, updated_at: now }).onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now })).execute();
  }
}

import type { Logger } from 'pino';
import { AppError } from '../../platform/errors.ts';
import type { AccountRole } from '../../platform/security/account-access.ts';
import type { AccountsRepository } from './accounts.repository.ts';
import type { UserView } from './accounts.types.ts';
import { userNotFound } from './accounts.service.ts';

// The admin's hand on other people's accounts: suspend and lift, change a role, delete, and the platform figures.
// Never on their own account, and never leaving the server without an active admin.

const iso = (ms: number) => new Date(ms).toISOString();

export class AccountsAdmin {
  constructor(
    private readonly repo: AccountsRepository,
    private readonly log: Logger,
    private readonly user: (id: string) => Promise<UserView>,
    private readonly now: () => number = () => Date.now(),
  ) {}

  async suspend(adminId: string, userId: string): Promise<UserView> {
    if (adminId === userId) throw new AppError(409, 'cannot_change_self', 'You cannot suspend yourself');
    const r = await this.repo.changeKeepingAnAdmin(userId, { patch: { suspended_at: iso(this.now()), updated_at: iso(this.now()) } });
    this.keptAnAdmin(r, userId);
    // Its sessions end now; its API tokens stay, refused while the user is suspended.
    await this.repo.deleteSessionsOf(userId);
    this.log.info({ event: 'user_suspended', user_id: userId, by: adminId }, 'user suspended');
    return this.user(userId);
  }

  async unsuspend(adminId: string, userId: string): Promise<UserView> {
    if (!(await this.repo.updateUser(userId, { suspended_at: null, updated_at: iso(this.now()) }))) throw userNotFound(userId);
    this.log.info({ event: 'user_unsuspended', user_id: userId, by: adminId }, 'user unsuspended');
    return this.user(userId);
  }

  async setRole(adminId: string, userId: string, role: AccountRole): Promise<UserView> {
    if (adminId === userId) throw new AppError(409, 'cannot_change_self', 'You cannot change your own role');
    this.keptAnAdmin(await this.repo.changeKeepingAnAdmin(userId, { patch: { role, updated_at: iso(this.now()) } }), userId);
    this.log.info({ event: 'user_role', user_id: userId, role, by: adminId }, 'user role changed');
    return this.user(userId);
  }

  /**
   * Deletes the account (its sessions, tokens and links go with it). Its stock stays in the database under its id:
   * deleting or handing over a user's data is the ownership work's (issue 20 point 5).
   */
  async deleteUser(adminId: string, userId: string): Promise<void> {
    if (adminId === userId) throw new AppError(409, 'cannot_change_self', 'You cannot delete your own account');
    this.keptAnAdmin(await this.repo.changeKeepingAnAdmin(userId, { delete: true }), userId);
    this.log.info({ event: 'user_deleted', user_id: userId, by: adminId }, 'user deleted');
  }

  async figures(): Promise<{ users: number; admins: number; suspended: number; active_7d: number; sessions_since: string }> {
    const since = iso(this.now() - 7 * 86_400_000);
    const f = await this.repo.figures(since);
    return { users: f.users, admins: f.admins, suspended: f.suspended, active_7d: f.active, sessions_since: since };
  }

  private keptAnAdmin(r: 'done' | 'last_admin' | 'not_found', userId: string) {
    if (r === 'not_found') throw userNotFound(userId);
    if (r === 'last_admin') throw new AppError(409, 'last_admin', 'This is the last active admin: make someone else admin first');
  }
}

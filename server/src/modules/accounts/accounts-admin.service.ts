import type { Logger } from 'pino';
import { AppError } from '../../platform/errors.ts';
import type { OwnerDataRegistry, OwnerDataReport } from '../../platform/owner-data.ts';
import { ownerScope } from '../../platform/security/owner-scope.ts';
import type { AccountRole } from '../../platform/security/account-access.ts';
import type { AccountsRepository } from './accounts.repository.ts';
import type { UserView } from './accounts.types.ts';
import { userNotFound } from './accounts.service.ts';

// The admin's hand on other people's accounts: suspend and lift, change a role, delete (with the person's data, or
// handing it to someone else), and the platform figures. Never on their own account, and never leaving the server
// without an active admin.

/** What becomes of a deleted person's data: erased, or the stock handed to another person (`to`). */
export type DataChoice = { data: 'delete' } | { data: 'transfer'; to: string };

export interface DeletedUser extends OwnerDataReport {
  ok: true;
  data: 'delete' | 'transfer';
  to: string | null;
}

const iso = (ms: number) => new Date(ms).toISOString();
const targetNotFound = (to: string) => new AppError(404, 'transfer_target_not_found', `No user with id ${to} to hand the data to`, { id: to });

export class AccountsAdmin {
  constructor(
    private readonly repo: AccountsRepository,
    private readonly log: Logger,
    private readonly user: (id: string) => Promise<UserView>,
    private readonly ownerData: OwnerDataRegistry,
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
   * Deletes the account (its sessions, tokens and links go with it) and the person's data with it: erased, or their
   * stock handed to `to` (per-person state such as settings, Vinted accounts and billing is erased either way). All in
   * one transaction; the photo files nobody else holds are removed once it has committed.
   */
  async deleteUser(adminId: string, userId: string, choice: DataChoice): Promise<DeletedUser> {
    if (adminId === userId) throw new AppError(409, 'cannot_change_self', 'You cannot delete your own account');
    const to = choice.data === 'transfer' ? choice.to : undefined;
    if (to === userId) throw new AppError(409, 'transfer_to_same_user', 'The data cannot go to the person being deleted: choose someone else');
    // Checked before anything outside the transaction happens (a Stripe cancellation), and again inside it.
    const user = await this.repo.userById(userId);
    if (!user) throw userNotFound(userId);
    if (to && !(await this.repo.userById(to))) throw targetNotFound(to);
    if (user.role === 'admin' && !user.suspended_at && (await this.repo.activeAdmins()).every((id) => id === userId)) this.keptAnAdmin('last_admin', userId);
    // Refused while a job of theirs runs; their Stripe subscription is cancelled first (refused if Stripe will not).
    await ownerScope.system(() => this.ownerData.beforeDelete(userId));
    let done: Awaited<ReturnType<OwnerDataRegistry['erase']>> | undefined;
    // System scope: the handlers name the owner in every statement, and a transfer writes another owner's rows.
    const r = await ownerScope.system(() => this.repo.deleteWithData(userId, to, async (t) => {
      done = to ? await this.ownerData.transfer(userId, to, t) : await this.ownerData.erase(userId, t);
    }));
    if (r === 'target_not_found') throw targetNotFound(to!);
    this.keptAnAdmin(r, userId);
    for (const fn of done!.afterCommit) await fn().catch((err) => this.log.warn({ err, user_id: userId }, 'clean-up after a user deletion failed'));
    this.log.info({ event: 'user_deleted', user_id: userId, by: adminId, data: choice.data, to }, 'user deleted');
    return { ok: true, data: choice.data, to: to ?? null, ...done!.report };
  }

  async figures(): Promise<{ users: number; admins: number; suspended: number; active_7d: number; sessions_since: string }> {
    const since = iso(this.now() - 7 * 86_400_000);
    const f = await this.repo.figures(since);
    return { users: f.users, admins: f.admins, suspended: f.suspended, active_7d: f.active, sessions_since: since };
  }

  private keptAnAdmin(r: 'done' | 'last_admin' | 'not_found' | 'target_not_found', userId: string) {
    if (r === 'not_found') throw userNotFound(userId);
    if (r === 'last_admin') throw new AppError(409, 'last_admin', 'This is the last active admin: make someone else admin first');
  }
}

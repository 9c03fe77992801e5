import { isUniqueViolation } from '../../platform/db/unique-violation.ts';
import type { AccountsDb, AuthLinksTable, ExternalIdentitiesTable, UsersTable } from './accounts.tables.ts';

// SQL of the identities an identity provider (Google) vouches for, linked to accounts, and of the account a first
// sign-in through it creates: the user, the invitation it used and the link are written together or not at all.

export type CreateLinkedResult = 'created' | 'email_taken' | 'invitation_used' | 'identity_taken';

class Rollback extends Error {
  constructor(readonly result: CreateLinkedResult) {
    super(result);
  }
}

export class ExternalIdentitiesRepository {
  constructor(private readonly db: AccountsDb) {}

  async userBySubject(provider: string, subject: string): Promise<UsersTable | undefined> {
    return this.db.selectFrom('external_identities as x').innerJoin('users as u', 'u.id', 'x.user_id')
      .selectAll('u').where('x.provider', '=', provider).where('x.subject', '=', subject).executeTakeFirst();
  }

  identityOf(provider: string, userId: string): Promise<ExternalIdentitiesTable | undefined> {
    return this.db.selectFrom('external_identities').selectAll().where('provider', '=', provider).where('user_id', '=', userId).executeTakeFirst();
  }

  /** False when this identity or this account already has a link of this provider. */
  async link(row: ExternalIdentitiesTable): Promise<boolean> {
    try {
      await this.db.insertInto('external_identities').values(row).execute();
      return true;
    } catch (e) {
      if (isUniqueViolation(e)) return false;
      throw e;
    }
  }

  async touch(provider: string, subject: string, now: string): Promise<void> {
    await this.db.updateTable('external_identities').set({ last_used_at: now }).where('provider', '=', provider).where('subject', '=', subject).execute();
  }

  /** The newest open invitation for this address, if any. */
  openInvitationFor(email: string, now: string): Promise<AuthLinksTable | undefined> {
    return this.db.selectFrom('auth_links').selectAll().where('kind', '=', 'invite').where('email', '=', email)
      .where('used_at', 'is', null).where('expires_at', '>', now).orderBy('created_at', 'desc').limit(1).executeTakeFirst();
  }

  /**
   * A new account linked to its identity, spending `invitationId` when given, in one transaction: of two sign-ins
   * racing on one invitation or one address, one creates the account and the other writes nothing.
   */
  async createLinkedUser(user: UsersTable, identity: ExternalIdentitiesTable, invitationId: string | null): Promise<CreateLinkedResult> {
    try {
      return await this.db.transaction().execute(async (t) => {
        if (invitationId) {
          const r = await t.updateTable('auth_links').set({ used_at: user.created_at }).where('id', '=', invitationId)
            .where('used_at', 'is', null).where('expires_at', '>', user.created_at).executeTakeFirst();
          if (Number(r.numUpdatedRows) !== 1) throw new Rollback('invitation_used');
        }
        try {
          await t.insertInto('users').values(user).execute();
        } catch (e) {
          if (isUniqueViolation(e)) throw new Rollback('email_taken');
          throw e;
        }
        try {
          await t.insertInto('external_identities').values(identity).execute();
        } catch (e) {
          if (isUniqueViolation(e)) throw new Rollback('identity_taken');
          throw e;
        }
        return 'created' as const;
      });
    } catch (e) {
      if (e instanceof Rollback) return e.result;
      throw e;
    }
  }
}

import { AppError, badRequest, notFound } from '../../platform/errors.ts';
import { newId, nowIso } from '../../platform/time.ts';
import type { SessionVault } from './session-vault.ts';
import type { VintedAccountsRepository } from './vinted-accounts.repository.ts';
import type { VintedAccountTable } from './vinted.tables.ts';

// A user's Vinted accounts (issue 20 point 4): a private and a Pro account, or a household sharing one server. One
// is active: the web app's requests act for it, and the user switches in one click; the choice is stored, so every
// tab and the queue see the same one. Single-seller mode has exactly one, made on first use, and nothing to do.

export interface VintedAccount {
  id: string;
  label: string;
  active: boolean;
  created_at: string;
  session: { present: boolean; username: string | null; state: 'active' | 'expired' | null };
}

/** Counts an added account against the user's quota (modules/quotas registers it in accounts mode). */
export interface AccountQuota { assertRoom(incoming: number): Promise<void> }

const FIRST_LABEL = 'Vinted';
const MAX_LABEL = 40;

export class VintedAccountsService {
  private quota: AccountQuota | null = null;

  constructor(private readonly rows: VintedAccountsRepository, private readonly vault: SessionVault) {}

  useAccountQuota(quota: AccountQuota): void {
    this.quota = quota;
  }

  /** The current owner's accounts, oldest first; the first is made if they have none yet. */
  async rowsOrFirst(): Promise<VintedAccountTable[]> {
    const rows = await this.rows.list();
    if (rows.length) return rows;
    const at = nowIso();
    await this.rows.insertFirst({ id: newId(), label: FIRST_LABEL, active: 1, created_at: at, updated_at: at });
    return this.rows.list();
  }

  /** The id of the account the owner's requests act for. */
  async activeId(): Promise<string> {
    const rows = await this.rowsOrFirst();
    const active = rows.find((r) => r.active === 1);
    if (active) return active.id;
    // None flagged (the active one was removed by another process meanwhile): the oldest takes over.
    await this.rows.activate(rows[0].id, nowIso());
    return rows[0].id;
  }

  async ids(): Promise<string[]> {
    return (await this.rowsOrFirst()).map((r) => r.id);
  }

  async count(): Promise<number> {
    return (await this.rows.list()).length;
  }

  async list(): Promise<{ active_account_id: string; accounts: VintedAccount[] }> {
    const activeId = await this.activeId();
    const rows = await this.rows.list();
    const accounts = await Promise.all(rows.map((r) => this.view(r, activeId)));
    return { active_account_id: activeId, accounts };
  }

  async add(label: string): Promise<VintedAccount> {
    const clean = cleanLabel(label);
    await this.rowsOrFirst();
    await this.quota?.assertRoom(1);
    const at = nowIso();
    const id = newId();
    if (!(await this.rows.insert({ id, label: clean, active: 0, created_at: at, updated_at: at }))) throw labelTaken(clean);
    return this.view((await this.rows.get(id))!, await this.activeId());
  }

  async rename(id: string, label: string): Promise<VintedAccount> {
    const clean = cleanLabel(label);
    const r = await this.rows.rename(id, clean, nowIso());
    if (r === 'missing') throw accountNotFound(id);
    if (r === 'taken') throw labelTaken(clean);
    return this.view((await this.rows.get(id))!, await this.activeId());
  }

  async switchTo(id: string): Promise<{ active_account_id: string; accounts: VintedAccount[] }> {
    if (!(await this.rows.get(id))) throw accountNotFound(id);
    await this.rows.activate(id, nowIso());
    return this.list();
  }

  /** Refused while the account's queue holds work, and for the last account; the active one hands over to the oldest left. */
  async remove(id: string): Promise<{ active_account_id: string; accounts: VintedAccount[] }> {
    const row = await this.rows.get(id);
    if (!row) throw accountNotFound(id);
    const work = await this.rows.pendingWork(id);
    if (work > 0) {
      throw new AppError(409, 'vinted_account_busy', `This Vinted account still has ${work} publication(s) waiting in its queue: let them finish or take them out of the queue first`, { account_id: id, waiting: work });
    }
    if ((await this.rows.list()).length <= 1) throw new AppError(409, 'vinted_account_last', 'This is your only Vinted account: add another before removing it', { account_id: id });
    await this.rows.remove(id);
    return this.list();
  }

  private async view(r: VintedAccountTable, activeId: string): Promise<VintedAccount> {
    const info = await this.vault.infoOf(r.id);
    return {
      id: r.id, label: r.label, active: r.id === activeId, created_at: r.created_at,
      session: { present: !!info, username: info?.username ?? null, state: info?.state ?? null },
    };
  }
}

function cleanLabel(label: string): string {
  const clean = label.trim().replace(/\s+/g, ' ');
  if (!clean || clean.length > MAX_LABEL) throw badRequest('invalid_account_label', `An account's name is 1 to ${MAX_LABEL} characters`, { max: MAX_LABEL });
  return clean;
}

const labelTaken = (label: string) => new AppError(409, 'vinted_account_label_taken', `You already have a Vinted account named "${label}"`, { label });
const accountNotFound = (id: string) => notFound('vinted_account_not_found', 'No Vinted account of yours has this id', { id });

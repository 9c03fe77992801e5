import type { Transaction } from 'kysely';
import type { OwnerDataHandler } from '../../platform/owner-data.ts';
import { byOwner } from '../../platform/owner-data.ts';

// A person's description templates (issue 20 point 5): erased with them, or handed to the recipient beside their
// own. Names need not be unique, so both of two same-named templates stay; the recipient's default stays the only
// default (the giver's default becomes an ordinary template).

type Templates = { description_templates: { owner_id: string; is_default: number } };

export function templatesOwnerData(): OwnerDataHandler {
  return {
    module: 'templates',
    tables: { description_templates: 'move' },
    erase: async ({ owner, t }) => void (await byOwner<'description_templates'>(t).deleteFrom('description_templates').where('owner_id', '=', owner).execute()),
    transfer: async ({ from, to, t }) => {
      const d = t as unknown as Transaction<Templates>;
      const hasDefault = await d.selectFrom('description_templates').select('owner_id').where('owner_id', '=', to).where('is_default', '=', 1).executeTakeFirst();
      if (hasDefault) await d.updateTable('description_templates').set({ is_default: 0 }).where('owner_id', '=', from).execute();
      await d.updateTable('description_templates').set({ owner_id: to }).where('owner_id', '=', from).execute();
    },
  };
}

import type { Messages } from '../types.ts';

// Quotas (accounts mode): the user's own on the account page, the admin's editor on the users page.
export const fr = {
  title: 'Mes quotas',
  explain: (period: string) => `Fixés par l’administrateur. Les annonces et les analyses se comptent par mois (${period}).`,
  none: 'Aucune limite : l’administrateur n’en a fixé aucune.',
  metric: {
    listings: 'Annonces créées ce mois-ci',
    analyses: 'Analyses par IA ce mois-ci',
    storage_bytes: 'Stockage des photos',
    vinted_accounts: 'Comptes Vinted',
  },
  unlimited: 'illimité',
  usedOf: (used: string, limit: string) => `${used} sur ${limit}`,
  remaining: (n: string) => `reste ${n}`,
  vintedNote: 'Un compte Vinted par utilisateur pour l’instant : cette limite est enregistrée pour plus tard.',
  edit: 'Quotas',
  editTitle: (email: string) => `Quotas de ${email}`,
  editExplain: 'Vide = illimité. Le stockage se saisit en Mo. S’applique aussitôt, au mois en cours compris.',
  storageMb: 'Stockage des photos (Mo)',
  save: 'Enregistrer',
  saved: 'Quotas enregistrés',
  cancel: 'Annuler',
};

export const en: Messages<typeof fr> = {
  title: 'My quotas',
  explain: (period: string) => `Set by the admin. Listings and analyses count per month (${period}).`,
  none: 'No limits: the admin has set none.',
  metric: {
    listings: 'Listings created this month',
    analyses: 'AI analyses this month',
    storage_bytes: 'Photo storage',
    vinted_accounts: 'Vinted accounts',
  },
  unlimited: 'unlimited',
  usedOf: (used: string, limit: string) => `${used} of ${limit}`,
  remaining: (n: string) => `${n} left`,
  vintedNote: 'One Vinted account per user for now: this limit is stored for later.',
  edit: 'Quotas',
  editTitle: (email: string) => `Quotas of ${email}`,
  editExplain: 'Empty = unlimited. Storage is in MB. Applies at once, this month included.',
  storageMb: 'Photo storage (MB)',
  save: 'Save',
  saved: 'Quotas saved',
  cancel: 'Cancel',
};

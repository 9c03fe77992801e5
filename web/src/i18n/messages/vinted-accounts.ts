import type { Messages } from '../types.ts';

// The user's Vinted accounts: the switcher in the shell and the settings card (GET/POST/PATCH/DELETE /vinted/accounts).
export const fr = {
  menuLabel: 'Compte Vinted actif',
  switchTo: (label: string) => `Passer au compte ${label}`,
  active: 'actif',
  manage: 'Gérer les comptes…',
  title: 'Comptes Vinted',
  explain: 'Chaque compte a sa propre session, sa file de publication, son journal, son rythme et ses réglages. Le compte actif est celui pour lequel l’application agit ; une publication en file garde le compte pour lequel elle a été mise en file.',
  noSession: 'pas de session',
  sessionOf: (username: string | null) => username ? `session de ${username}` : 'session enregistrée',
  newLabel: 'Nom du nouveau compte',
  add: 'Ajouter',
  rename: 'Renommer',
  save: 'Enregistrer',
  cancel: 'Annuler',
  remove: 'Supprimer',
  makeActive: 'Rendre actif',
  removeTitle: (label: string) => `Supprimer le compte ${label} ?`,
  removeExplain: 'Sa session enregistrée est oubliée. Son journal de publication reste. Impossible tant que sa file contient des publications en attente.',
};

export const en: Messages<typeof fr> = {
  menuLabel: 'Active Vinted account',
  switchTo: (label: string) => `Switch to account ${label}`,
  active: 'active',
  manage: 'Manage accounts…',
  title: 'Vinted accounts',
  explain: 'Each account has its own session, publish queue, log, pace and settings. The active account is the one the app acts for; a queued publication keeps the account it was queued for.',
  noSession: 'no session',
  sessionOf: (username: string | null) => username ? `${username}’s session` : 'session saved',
  newLabel: 'New account’s name',
  add: 'Add',
  rename: 'Rename',
  save: 'Save',
  cancel: 'Cancel',
  remove: 'Remove',
  makeActive: 'Make active',
  removeTitle: (label: string) => `Remove the account ${label}?`,
  removeExplain: 'Its saved session is forgotten. Its publish log stays. Not possible while its queue holds waiting publications.',
};

import type { Messages } from '../types.ts';

// The browser extension in the settings: pairing code, paired browsers, revocation.
export const fr = {
  title: 'Extension VintedBot (recommandé pour publier)',
  explain: 'L’extension remplit vos annonces dans votre propre onglet Vinted, connecté à votre compte : vous voyez chaque étape, vous publiez d’un clic et vous gérez vous-même tout captcha. C’est la façon recommandée de publier ; la publication depuis le serveur reste disponible plus bas.',
  install: 'Installez-la depuis le dossier extension/dist (voir le README), puis connectez-la ici.',
  connect: 'Connecter l’extension',
  codeLabel: 'Code à saisir dans l’extension',
  codeHint: (d: string, origin: string) => `Valable une seule fois, jusqu’à ${d}. Adresse de l’app à saisir : ${origin}`,
  paired: 'Navigateurs connectés',
  none: 'Aucune extension connectée.',
  lastUsed: (d: string) => `Dernier usage : ${d}`,
  neverUsed: 'Pas encore utilisée',
  revoke: 'Révoquer',
  revoked: 'Accès de l’extension révoqué',
};

export const en: Messages<typeof fr> = {
  title: 'VintedBot extension (recommended way to publish)',
  explain: 'The extension fills your listings in your own Vinted tab, logged in to your account: you see every step, publish with one click and handle any captcha yourself. It is the recommended way to publish; publishing from the server stays available below.',
  install: 'Install it from the extension/dist folder (see the README), then connect it here.',
  connect: 'Connect the extension',
  codeLabel: 'Code to type in the extension',
  codeHint: (d: string, origin: string) => `Works once, until ${d}. App address to type: ${origin}`,
  paired: 'Connected browsers',
  none: 'No extension connected.',
  lastUsed: (d: string) => `Last used: ${d}`,
  neverUsed: 'Not used yet',
  revoke: 'Revoke',
  revoked: 'Extension access revoked',
};
